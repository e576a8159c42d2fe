import type { AxiosInstance } from 'axios'
import type { AccountProfile } from '@shared/domain/account'
import type { SettingsDto } from '@shared/domain/settings'
import type { AppInfo, Notice, SignInProgress } from '@shared/ipc/contract'
import { MemoryAuditLog } from '../endpoint/in-memory'
import { ScriptAccessService } from '../endpoint/service'
import { createHttpClient, SignInFlows, type SignInStep, type VerifiedSignIn } from '../fediverse'
import { EventQueue } from '../ipc/push'
import { createRouter, type Dispatch, type Handlers } from '../ipc/router'
import { ScriptKeyRegistry, withKeyTrails } from '../script-keys'
import { AccountVault, type DocumentStore, type SecretCipher } from '../vault'
import { fediverseAccountServer } from './fediverse-account-server'
import { errorDetail } from '../logging/error-detail'
import { createLogger, type LogSink } from '../logging/logger'
import { AppError } from './errors'
import { toInstanceDto } from './instance-dto'
import { scriptKeyHandlers } from './script-key-handlers'
import { vaultAccountSource, vaultEndpointSettings } from './script-access-ports'
import { createTransfer } from '../transfer/wiring'
import type { FileDialogs } from '../transfer/file-dialogs'

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
}

export interface MainApp {
  dispatch: Dispatch
  events: EventQueue
  vault: AccountVault
  scriptAccess: ScriptAccessService
  close(): Promise<void>
}

const PROGRESS: Record<SignInStep | 'saving' | 'done', string> = {
  discovering: 'Looking up the server…',
  registering: 'Registering Fedivault with the server…',
  requesting_token: 'Signing in…',
  waiting_for_browser: 'Waiting for you to approve in the browser…',
  exchanging_code: 'Exchanging the authorization code…',
  verifying: 'Checking the account with the server…',
  saving: 'Saving the account…',
  done: 'Signed in.'
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
  const notices: Notice[] = [...vault.notices]

  const progress = (flowId: string | undefined, step: SignInProgress['step']) =>
    events.emit('signin:progress', { ...(flowId ? { flowId } : {}), step, message: PROGRESS[step] })

  const flows = new SignInFlows({
    client,
    apps: vault.apps,
    clientName: platform.name,
    onProgress: (flowId, step) => progress(flowId, step)
  })

  const scriptKeys = new ScriptKeyRegistry(vault.scriptKeys, { log })
  const transfer = createTransfer({ vault, flows, client, platform })

  const scriptAccess = new ScriptAccessService({
    accounts: vaultAccountSource(vault),
    settings: vaultEndpointSettings(vault),
    audit: withKeyTrails(new MemoryAuditLog(), scriptKeys),
    keys: scriptKeys,
    dataDir: platform.dataDir,
    version: platform.version,
    logger: createLogger('script access', platform.logSink),
    importer: transfer.importFromScript
  })

  const settings = (): SettingsDto => ({
    storage: vault.storageInfo(),
    scriptAccess: scriptAccess.status(),
    closeToTray: vault.getSettings().closeToTray,
    theme: vault.getSettings().theme ?? 'system'
  })

  vault.on('changed', (state) => events.emit('accounts:changed', state))
  vault.on('settings', () => events.emit('settings:changed', settings()))
  vault.on('notice', (notice) => events.emit('app:notice', notice))
  for (const notice of notices) events.emit('app:notice', notice)

  /** Refuse before any network traffic when the sign-in could not be saved anyway. */
  const assertCanSave = () => {
    const storage = vault.storageInfo()
    if (!storage.canSaveSecrets) {
      throw new AppError(
        vault.readOnly ? 'store_read_only' : 'encryption_unavailable',
        vault.readOnly
          ? 'Fedivault opened your accounts read-only, so it cannot add one now. See the notice in Settings.'
          : `Fedivault cannot protect a new sign-in: ${storage.description}. Make your system keychain available, or allow plaintext storage in Settings.`,
        'save'
      )
    }
  }

  const save = async (
    verified: VerifiedSignIn,
    flowId: string | undefined
  ): Promise<AccountProfile> => {
    progress(flowId, 'saving')
    const profile = await vault.add(verified)
    progress(flowId, 'done')
    return profile
  }

  /** The URL of a browser sign-in still in progress (started, not finished nor cancelled). */
  const flowUrl = (flowId: string): string => {
    const url = flows.authorizationUrl(flowId)
    if (url === undefined) {
      throw new AppError(
        'unknown_flow',
        'That sign-in is no longer in progress. Start again.',
        'browser'
      )
    }
    return url
  }

  const finishBrowser = async (flowId: string, run: Promise<VerifiedSignIn>) => {
    try {
      return await save(await run, flowId)
    } finally {
      flows.forget(flowId)
    }
  }

  const info = (): AppInfo => ({
    name: platform.name,
    version: platform.version,
    platform: platform.os,
    harness: platform.harness,
    notices
  })

  const handlers: Handlers = {
    'app:info': info,

    'instances:discover': async ({ input }) => toInstanceDto(await flows.discover(input)),

    'signin:password': async ({ input, username, password }) => {
      assertCanSave()
      return save(await flows.passwordSignIn({ input, username, password }), undefined)
    },
    'signin:startBrowser': async ({ input, forceLogin }) => {
      assertCanSave()
      return flows.startBrowserSignIn({ input, forceLogin })
    },
    'signin:openBrowser': async ({ flowId }) => {
      await platform.openExternal(flowUrl(flowId))
      return { opened: true }
    },
    'signin:awaitBrowser': async ({ flowId }) => {
      flowUrl(flowId)
      return finishBrowser(flowId, flows.waitForBrowserSignIn(flowId))
    },
    'signin:submitCode': async ({ flowId, code }) => {
      flowUrl(flowId)
      return finishBrowser(flowId, flows.completeWithCode(flowId, code))
    },
    'signin:cancel': ({ flowId }) => ({ cancelled: flows.cancel(flowId) }),

    'accounts:list': () => vault.list(),
    'accounts:get': ({ id }) => vault.get(id),
    'accounts:switch': ({ id }) => vault.switch(id),
    'accounts:rename': ({ id, label }) => vault.rename(id, label),
    'accounts:reorder': ({ ids }) => vault.reorder(ids),
    'accounts:remove': ({ id, force }) => vault.remove(id, { force }),
    'accounts:reverify': ({ id }) => (id ? vault.reverify(id) : vault.reverifyAll()),

    'settings:get': settings,
    'settings:update': ({ closeToTray, allowPlaintextSecrets, theme }) => {
      vault.updateSettings({ closeToTray, allowPlaintextSecrets, theme })
      return settings()
    },
    'scriptAccess:set': async ({ enabled, port }) => {
      if (enabled) await scriptAccess.start({ port })
      else await scriptAccess.stop()
      const current = settings()
      // The vault announced the new setting before the endpoint was listening; this one carries
      // the running state and URL.
      events.emit('settings:changed', current)
      return current
    },
    'scriptAccess:copySecret': () => {
      const secret = scriptAccess.secret()
      if (!secret) {
        throw new AppError('script_access_off', 'Turn script access on first.', 'copy_secret')
      }
      platform.writeClipboard(secret)
      return { copied: true }
    },
    'scriptAccess:auditLog': () => ({ entries: scriptAccess.auditLog() }),
    ...scriptKeyHandlers(scriptKeys),
    ...transfer.handlers
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
