import type { AxiosInstance } from 'axios'
import { homedir } from 'node:os'
import type { Notice } from '@shared/ipc/contract'
import { RingAuditLog } from '../endpoint/audit-log'
import { ScriptAccessService } from '../endpoint/service'
import { createHttpClient, SignInFlows } from '../fediverse'
import { accountHandlers } from '../ipc/handlers/accounts'
import { appHandlers } from '../ipc/handlers/app'
import { instanceHandlers } from '../ipc/handlers/instances'
import { scriptAccessHandlers } from '../ipc/handlers/script-access'
import { scriptKeyHandlers } from '../ipc/handlers/script-keys'
import { settingsHandlers, settingsSnapshot } from '../ipc/handlers/settings'
import { signInHandlers, signInProgress } from '../ipc/handlers/signin'
import { transferHandlers } from '../ipc/handlers/transfer'
import { EventQueue } from '../ipc/push'
import { createRouter, type Dispatch, type Handlers } from '../ipc/router'
import { errorDetail } from '../logging/error-detail'
import { createLogger, type LogSink } from '../logging/logger'
import { ScriptKeyRegistry, withKeyTrails } from '../script-keys'
import { NotificationPreference } from '../attention/notification-preference'
import { desktopSettings, type DesktopPorts } from '../ipc/handlers/desktop'
import { unavailableLoginItem } from '../login-item/login-item'
import type { FileDialogs } from '../transfer/file-dialogs'
import { tootConfigPath } from '../transfer/import/toot-location'
import { createTransfer } from '../transfer/wiring'
import { AccountVault, type DocumentStore, type SecretCipher } from '../vault'
import { engineAccountChecker } from './account-checker'
import { fediverseAccountServer } from './fediverse-account-server'
import { vaultAccountSource, vaultEndpointSettings } from './script-access-ports'

/** What differs between the Electron shell and the Node harness. */
export interface Platform {
  name: string
  version: string
  os: NodeJS.Platform
  harness: boolean
  dataDir: string
  /** safeStorage in Electron; a labelled key-file cipher in the harness. */
  cipher: SecretCipher
  /** electron-store in Electron; the same file format through conf in the harness. */
  store: DocumentStore
  /** Opens an http(s) URL in the person's browser (Electron: shell.openExternal). */
  openExternal(url: string): Promise<void>
  writeClipboard(text: string): void
  /** Where log lines go; each part of the app logs through its own `createLogger(scope)`. */
  logSink: LogSink
  /** For tests: the HTTP client every server call goes through. */
  httpClient?: AxiosInstance
  /** Background re-verification of every account; 0 turns it off. Default 30 minutes. */
  reverifyIntervalMs?: number
  /** Open/save dialogs (Electron); absent in the harness, whose UI asks for paths. */
  dialogs?: FileDialogs
  /** Start at login, notifications, the Linux keyring; absent: none of them can be changed. */
  desktop?: DesktopPorts
}

export interface MainApp {
  dispatch: Dispatch
  events: EventQueue
  vault: AccountVault
  scriptAccess: ScriptAccessService
  close(): Promise<void>
}

/** The composition root shared by the Electron shell and the harness. */
export async function createMainApp(platform: Platform): Promise<MainApp> {
  const log = createLogger('app', platform.logSink)
  const events = new EventQueue()
  const client = platform.httpClient ?? createHttpClient()

  const vault = AccountVault.open({
    store: platform.store,
    cipher: platform.cipher,
    server: fediverseAccountServer(client),
    log: createLogger('vault', platform.logSink)
  })
  const notices: Notice[] = [...vault.notices, ...(platform.desktop?.notices ?? [])]

  const progress = signInProgress(events)
  const flows = new SignInFlows({
    client,
    apps: vault.apps,
    clientName: platform.name,
    onProgress: (flowId, step) => progress(flowId, step)
  })

  const scriptKeys = new ScriptKeyRegistry(vault.scriptKeys, { log })
  const transfer = createTransfer({
    vault,
    checker: engineAccountChecker({ discover: (input) => flows.discover(input), client }),
    log: createLogger('transfer', platform.logSink)
  })

  const scriptAccess = new ScriptAccessService({
    accounts: vaultAccountSource(vault),
    settings: vaultEndpointSettings(vault),
    audit: withKeyTrails(new RingAuditLog(), scriptKeys),
    keys: scriptKeys,
    dataDir: platform.dataDir,
    version: platform.version,
    logger: createLogger('script access', platform.logSink),
    importer: transfer.importFromScript
  })

  const desktop = desktopSettings(platform.desktop ?? noDesktop(platform.dataDir))
  const settings = settingsSnapshot(vault, scriptAccess, desktop.dto)

  vault.on('changed', (state) => events.emit('accounts:changed', state))
  vault.on('settings', () => events.emit('settings:changed', settings()))
  vault.on('notice', (notice) => events.emit('app:notice', notice))
  for (const notice of notices) events.emit('app:notice', notice)

  const handlers: Handlers = {
    ...appHandlers({ ...platform, nativeFileDialogs: platform.dialogs !== undefined, notices }),
    ...instanceHandlers(flows),
    ...signInHandlers({ flows, vault, progress, openExternal: platform.openExternal }),
    ...accountHandlers(vault),
    ...settingsHandlers({ vault, settings }),
    ...scriptAccessHandlers({
      scriptAccess,
      settings,
      events,
      writeClipboard: (text) => platform.writeClipboard(text)
    }),
    ...scriptKeyHandlers(scriptKeys),
    ...transferHandlers({
      service: transfer.service,
      dialogs: platform.dialogs,
      tootConfigPath: tootConfigPath({ env: process.env, platform: platform.os, home: homedir() })
    }),
    ...desktop.handlers(settings, (current) => events.emit('settings:changed', current))
  }

  const dispatch = createRouter(handlers, {
    onUnexpectedError: (channel, error) =>
      log.error('ipc handler failed', { channel, ...errorDetail(error) })
  })

  await scriptAccess.restore().catch((error: unknown) => {
    log.warn('script access could not start', errorDetail(error))
  })

  // Token health: check every account now and then, so a revoked token shows up before a script
  // or the person trips over it.
  const reverify = () =>
    void vault.reverifyAll().catch((error: unknown) => {
      log.warn('background re-verification failed', errorDetail(error))
    })
  const interval = platform.reverifyIntervalMs ?? 30 * 60_000
  const timer = interval > 0 ? setInterval(reverify, interval) : undefined
  timer?.unref()
  if (interval > 0 && vault.list().accounts.length > 0) reverify()

  return {
    dispatch,
    events,
    vault,
    scriptAccess,
    async close() {
      if (timer) clearInterval(timer)
      flows.cancelAll()
      await scriptAccess.shutdown()
      scriptKeys.close()
    }
  }
}

/** Where no shell provides them (tests of the services alone): nothing to start at login. */
function noDesktop(dataDir: string): DesktopPorts {
  return {
    loginItem: unavailableLoginItem('Only the desktop app can start at login.'),
    notifications: new NotificationPreference(dataDir),
    notificationsSupported: false
  }
}
