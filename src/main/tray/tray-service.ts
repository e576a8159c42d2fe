import type { AccountSummary } from '@shared/domain/account'
import { buildTrayMenu, showsAvatars, type TrayAction, type TrayMenuItem } from './tray-menu'
import { trayTooltip } from './tray-view'
import type { Logger } from '../logging/logger'

/** What the tray shows: the account list plus the one setting it can flip. */
export interface TrayState {
  accounts: readonly AccountSummary[]
  activeAccountId: string | null
  scriptAccessEnabled: boolean
}

/** Something that holds the current tray state and says when it changes (an EventEmitter fits). */
export interface TrayStateSource {
  current(): TrayState
  on(event: 'changed', listener: () => void): unknown
  off(event: 'changed', listener: () => void): unknown
}

/** The native tray icon, as the adapter exposes it. */
export interface TrayHandle {
  setImage(iconPath: string): void
  setToolTip(text: string): void
  /** Replaces the context menu; a click on an item calls `onAction` with its descriptor. */
  setMenu(items: TrayMenuItem[], onAction: (action: TrayAction) => void): void
  onClick(listener: () => void): void
  destroy(): void
}

export type TrayFactory = (iconPath: string) => TrayHandle

/** The avatar cache's read side, as the service uses it. */
export interface AvatarSource {
  cached(url: string): string | undefined
  wouldFetch(url: string): boolean
  fetch(url: string): Promise<string | undefined>
}

export interface TrayServiceOptions {
  createTray: TrayFactory
  source: TrayStateSource
  dispatch: (action: TrayAction) => unknown
  platform: NodeJS.Platform
  /** Asked again on `refreshIcon()`, so a panel theme change can swap the image. */
  iconPath: () => string
  avatars?: AvatarSource
  log?: Pick<Logger, 'warn'>
}

/**
 * Owns the tray icon: builds it on start, rebuilds menu and tooltip on every state change, and
 * turns menu clicks into action descriptors for the dispatcher. Once stopped (the app is quitting)
 * it never creates a tray again, even if a late change event arrives.
 */
export class TrayService {
  readonly #options: TrayServiceOptions
  #tray: TrayHandle | undefined
  #stopped = false
  #menu: TrayMenuItem[] = []
  #tooltip = ''
  readonly #onChanged = () => this.#render()

  constructor(options: TrayServiceOptions) {
    this.#options = options
  }

  start(): void {
    if (this.#tray || this.#stopped) return
    this.#tray = this.#options.createTray(this.#options.iconPath())
    // Windows convention: a left click on the notification icon opens the app; the menu is on
    // the right button. macOS opens the menu itself and Linux indicators report no clicks.
    if (this.#options.platform === 'win32')
      this.#tray.onClick(() => this.#dispatch({ kind: 'open' }))
    this.#options.source.on('changed', this.#onChanged)
    this.#render()
  }

  stop(): void {
    this.#stopped = true
    this.#options.source.off('changed', this.#onChanged)
    this.#tray?.destroy()
    this.#tray = undefined
  }

  refreshIcon(): void {
    this.#tray?.setImage(this.#options.iconPath())
  }

  /** The menu last handed to the tray (for the e2e probe and diagnostics). */
  get menu(): readonly TrayMenuItem[] {
    return this.#menu
  }

  get tooltip(): string {
    return this.#tooltip
  }

  #render(): void {
    const tray = this.#tray
    if (!tray || this.#stopped) return
    const state = this.#options.source.current()
    const wantsAvatars = showsAvatars(this.#options.platform) && this.#options.avatars !== undefined
    this.#menu = buildTrayMenu({
      accounts: state.accounts,
      activeAccountId: state.activeAccountId,
      scriptAccessEnabled: state.scriptAccessEnabled,
      platform: this.#options.platform,
      avatarIcons: wantsAvatars ? this.#cachedAvatars(state.accounts) : undefined
    })
    this.#tooltip = trayTooltip(state.accounts, state.activeAccountId)
    tray.setMenu(this.#menu, (action) => this.#dispatch(action))
    tray.setToolTip(this.#tooltip)
    if (wantsAvatars) this.#fetchMissingAvatars(state.accounts)
  }

  #cachedAvatars(accounts: readonly AccountSummary[]): Record<string, string> {
    const icons: Record<string, string> = {}
    for (const account of accounts) {
      const file = account.avatar ? this.#options.avatars?.cached(account.avatar) : undefined
      if (file) icons[account.id] = file
    }
    return icons
  }

  // The menu is shown at once without the missing avatars, then rebuilt when they arrive.
  #fetchMissingAvatars(accounts: readonly AccountSummary[]): void {
    const avatars = this.#options.avatars
    if (!avatars) return
    const urls = accounts.flatMap((a) =>
      a.avatar && avatars.wouldFetch(a.avatar) ? [a.avatar] : []
    )
    if (urls.length === 0) return
    void Promise.all(urls.map((url) => avatars.fetch(url))).then((files) => {
      // Only rebuild when something new arrived: failures are remembered by the cache, so this
      // cannot loop.
      if (files.some(Boolean)) this.#render()
    })
  }

  #dispatch(action: TrayAction): void {
    try {
      void Promise.resolve(this.#options.dispatch(action)).catch((error: unknown) =>
        this.#failed(action, error)
      )
    } catch (error) {
      this.#failed(action, error)
    }
  }

  #failed(action: TrayAction, error: unknown): void {
    this.#options.log?.warn('tray: action failed', {
      action: action.kind,
      error: error instanceof Error ? error.message : String(error)
    })
    // The native menu already moved its radio or checkbox mark on click; put it back to the truth.
    this.#render()
  }
}
