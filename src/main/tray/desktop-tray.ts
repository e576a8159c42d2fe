import axios from 'axios'
import { join } from 'node:path'
import type { AccountsState } from '@shared/domain/account'
import type { EventQueue } from '../ipc/push'
import type { Dispatch } from '../ipc/router'
import { AvatarCache } from './avatar-cache'
import { AttentionService, type AttentionPorts } from '../attention/attention-service'
import { reauthFromTray, trayIconFor } from '../attention/tray-attention'
import { trayActionHandler } from './tray-actions'
import { type PanelTheme } from './tray-icon'
import { TrayService, type TrayFactory } from './tray-service'
import { TrayStateStore } from './tray-state-store'

export type NavigateTo = 'accounts' | 'add-account' | 'settings'

export interface DesktopTrayDeps {
  /** The account list and the settings event, from the vault. */
  vault: {
    list(): AccountsState
    on(event: 'changed' | 'settings', listener: () => void): unknown
  }
  scriptAccessEnabled(): boolean
  /** The same validated dispatch the renderer uses. */
  dispatch: Dispatch
  events: EventQueue
  dataDir: string
  resourcesDir: string
  platform: NodeJS.Platform
  /** The native side (platform/tray-adapter.ts in the shell). */
  createTray: TrayFactory
  panelTheme(): PanelTheme
  onThemeChanged(listener: () => void): unknown
  showWindow(): void
  quit(): void
  /** Native notifications (platform/desktop-ports.ts) and whether Settings has them on. */
  notify: AttentionPorts['notify']
  notificationsEnabled(): boolean
}

/**
 * The tray as the desktop shell runs it: fed from the vault, acting through the same validated
 * dispatch as the renderer. Returns the service and `navigate`, which the app menu uses too.
 */
export function startDesktopTray(deps: DesktopTrayDeps) {
  const trayState = new TrayStateStore()
  const avatars = new AvatarCache({ dir: join(deps.dataDir, 'avatars'), http: axios.create() })
  const feed = () => {
    const state = deps.vault.list()
    trayState.setAccounts(state)
    void avatars.prune(state.accounts.flatMap((a) => (a.avatar ? [a.avatar] : [])))
  }
  const settingsFeed = () => trayState.setScriptAccess(deps.scriptAccessEnabled())
  deps.vault.on('changed', feed)
  deps.vault.on('settings', settingsFeed)
  feed()
  settingsFeed()
  /** Tray actions go through the same validated dispatch as the renderer's; a refusal throws. */
  const dispatchOrThrow = async (
    channel: 'accounts:switch' | 'scriptAccess:set',
    request: unknown
  ) => {
    const result = await deps.dispatch(channel, request)
    if (!result.ok) throw new Error(result.error.message)
  }
  const navigate = (to: NavigateTo) => {
    deps.showWindow()
    deps.events.emit('app:navigate', { to })
  }
  const openSignIn = (accountId: string) => {
    deps.showWindow()
    deps.events.emit('app:navigate', { to: 'accounts', accountId, action: 'reauth' })
  }
  const attention = new AttentionService({
    notify: deps.notify,
    enabled: deps.notificationsEnabled,
    openSignIn,
    onCount: () => tray.refreshIcon()
  })
  const tray = new TrayService({
    createTray: deps.createTray,
    source: trayState,
    platform: deps.platform,
    avatars,
    iconPath: () =>
      trayIconFor(deps.resourcesDir, deps.platform, deps.panelTheme(), attention.count > 0),
    dispatch: reauthFromTray(
      trayActionHandler({
        switchAccount: (id) => dispatchOrThrow('accounts:switch', { id }),
        setScriptAccess: (enabled) => dispatchOrThrow('scriptAccess:set', { enabled }),
        showWindow: deps.showWindow,
        navigate,
        quit: deps.quit
      }),
      {
        status: (id) => deps.vault.list().accounts.find((a) => a.id === id)?.status,
        openSignIn,
        restoreMenu: () => trayState.setAccounts(deps.vault.list())
      }
    )
  })
  deps.vault.on('changed', () => attention.update(deps.vault.list()))
  // The state at start is the baseline: what already needed sign-in is counted, not announced.
  attention.update(deps.vault.list())
  tray.start()
  deps.onThemeChanged(() => tray.refreshIcon())
  return { tray, navigate }
}
