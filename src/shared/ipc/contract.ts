import { z } from 'zod'
import { accountProfileSchema, accountsStateSchema, removeResultSchema } from '../domain/account'
import { noticeSchema } from '../domain/notice'
import { instanceInfoSchema } from '../domain/instance'
import {
  createdScriptKeySchema,
  scriptKeySpecSchema,
  scriptKeySummarySchema
} from '../domain/script-keys'
import {
  auditEntrySchema,
  passwordStoreSchema,
  settingsSchema,
  themeSchema
} from '../domain/settings'
import {
  importReportSchema,
  importSourceSchema,
  passphraseSchema,
  restoreReportSchema
} from '../domain/transfer'
import type { Channel, EventName } from './names'

/**
 * The one IPC contract. Every channel is `namespace:verb`; the preload's `window.api`, the
 * renderer client, the harness bridge and the main-process handler registry are all derived from
 * this object and the names-only list it must match (`names.ts`, which keeps zod out of the
 * preload), so a channel cannot exist in one place and not the others.
 *
 * Responses are parsed with these schemas on the way out of main as well: zod objects strip
 * unknown keys, so a field a service forgot to leave out (a token, say) never reaches the renderer.
 */

const none = z.undefined()
const accountId = z.string().min(3).max(320)
const instanceInput = z.string().trim().min(1).max(500)
const flowId = z.string().min(8).max(100)
const filePath = z.string().trim().min(1).max(4096)
const scriptKeyId = z.string().min(1).max(64)

export const signInProgressSchema = z.object({
  flowId: z.string().optional(),
  step: z.enum([
    'discovering',
    'registering',
    'requesting_token',
    'waiting_for_browser',
    'exchanging_code',
    'verifying',
    'saving',
    'done',
    'approved'
  ]),
  message: z.string()
})
export type SignInProgress = z.infer<typeof signInProgressSchema>

export const browserFlowSchema = z.object({
  flowId: z.string(),
  authorizationUrl: z.string(),
  /**
   * For a browser that cannot come back to Fedivault. OAuth: the server then shows a code to
   * paste (`signin:submitCode`). MiAuth: the same page without the way back; Fedivault notices
   * the approval by itself, so keep waiting on `signin:awaitBrowser`.
   */
  manualAuthorizationUrl: z.string(),
  expiresAt: z.number(),
  /** `miauth`: a Misskey-family server (Misskey, Sharkey, …); `oauth`: everything else. */
  method: z.enum(['oauth', 'miauth']),
  /** Whether the person can paste a code (OAuth out-of-band); false for MiAuth: there is none. */
  pasteCode: z.boolean(),
  /** MiAuth: the permissions the server's page lists for approval (Misskey's own names). */
  permissions: z.array(z.string()).optional()
})
export type BrowserFlow = z.infer<typeof browserFlowSchema>

export type { Notice } from '../domain/notice'

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  /** True when running in the browser harness rather than the Electron shell. */
  harness: z.boolean(),
  /** What this platform can do, for the parts of the window that depend on it. */
  capabilities: z.object({
    /** Open/save dialogs of the desktop shell; without them (the harness) paths are typed. */
    nativeFileDialogs: z.boolean()
  }),
  notices: z.array(noticeSchema)
})
export type AppInfo = z.infer<typeof appInfoSchema>

export type { TokenRevocation } from '../domain/account'

export const contract = {
  'app:info': { request: none, response: appInfoSchema },

  'instances:discover': {
    request: z.object({ input: instanceInput }),
    response: instanceInfoSchema
  },

  'signin:password': {
    request: z.object({
      input: instanceInput,
      username: z.string().trim().min(1).max(320),
      password: z.string().min(1).max(1024)
    }),
    response: accountProfileSchema
  },
  'signin:startBrowser': {
    request: z.object({ input: instanceInput, forceLogin: z.boolean().optional() }),
    response: browserFlowSchema
  },
  'signin:openBrowser': {
    request: z.object({ flowId }),
    response: z.object({ opened: z.boolean() })
  },
  'signin:awaitBrowser': { request: z.object({ flowId }), response: accountProfileSchema },
  'signin:submitCode': {
    request: z.object({ flowId, code: z.string().trim().min(1).max(2048) }),
    response: accountProfileSchema
  },
  'signin:cancel': {
    request: z.object({ flowId }),
    response: z.object({ cancelled: z.boolean() })
  },

  'accounts:list': { request: none, response: accountsStateSchema },
  'accounts:get': { request: z.object({ id: accountId }), response: accountProfileSchema },
  'accounts:switch': { request: z.object({ id: accountId }), response: accountsStateSchema },
  'accounts:rename': {
    request: z.object({ id: accountId, label: z.string().trim().max(80) }),
    response: accountsStateSchema
  },
  'accounts:reorder': {
    request: z.object({ ids: z.array(accountId).max(10_000) }),
    response: accountsStateSchema
  },
  'accounts:remove': {
    request: z.object({ id: accountId, force: z.boolean().optional() }),
    response: removeResultSchema
  },
  'accounts:reverify': {
    request: z.object({ id: accountId.optional() }),
    response: accountsStateSchema
  },

  'settings:get': { request: none, response: settingsSchema },
  'settings:update': {
    request: z.object({
      closeToTray: z.boolean().optional(),
      allowPlaintextSecrets: z.boolean().optional(),
      theme: themeSchema.optional()
    }),
    response: settingsSchema
  },
  'scriptAccess:set': {
    request: z.object({
      enabled: z.boolean(),
      port: z.number().int().min(1024).max(65535).nullable().optional()
    }),
    response: settingsSchema
  },
  'scriptAccess:copySecret': { request: none, response: z.object({ copied: z.boolean() }) },
  'scriptAccess:auditLog': {
    request: none,
    response: z.object({ entries: z.array(auditEntrySchema) })
  },

  // Script keys. The key itself crosses IPC once, in the answer to `create`; lists never carry it.
  'scriptKeys:list': {
    request: none,
    response: z.object({ keys: z.array(scriptKeySummarySchema) })
  },
  'scriptKeys:create': { request: scriptKeySpecSchema, response: createdScriptKeySchema },
  'scriptKeys:revoke': {
    request: z.object({ id: scriptKeyId }),
    response: z.object({ keys: z.array(scriptKeySummarySchema) })
  },
  'scriptKeys:trail': {
    request: z.object({ id: scriptKeyId }),
    response: z.object({ entries: z.array(auditEntrySchema) })
  },

  /** File pickers of the desktop shell (the harness has none: its UI asks for a path). */
  'transfer:chooseImportFiles': {
    request: z.object({ source: importSourceSchema }),
    response: z.object({ paths: z.array(z.string()) })
  },
  'transfer:import': {
    request: z.object({ source: importSourceSchema, paths: z.array(filePath).min(1).max(50) }),
    response: importReportSchema
  },
  'transfer:deleteImported': {
    request: z.object({ path: filePath }),
    response: z.object({ deleted: z.boolean() })
  },
  'transfer:chooseExportFile': {
    request: none,
    response: z.object({ path: z.string().nullable() })
  },
  'transfer:export': {
    request: z.object({
      path: filePath,
      passphrase: passphraseSchema,
      confirmation: z.string().max(1024)
    }),
    response: z.object({ path: z.string(), accounts: z.number(), skipped: z.array(z.string()) })
  },
  'transfer:chooseRestoreFile': {
    request: none,
    response: z.object({ path: z.string().nullable() })
  },
  'transfer:restore': {
    request: z.object({ path: filePath, passphrase: z.string().min(1).max(1024) }),
    response: restoreReportSchema
  },

  // The desktop shell's own settings: start at login, notifications, the Linux keyring.
  'desktop:setStartAtLogin': {
    request: z.object({ openAtLogin: z.boolean() }),
    response: settingsSchema
  },
  'desktop:setNotifications': {
    request: z.object({ enabled: z.boolean() }),
    response: settingsSchema
  },
  /** Saves the keyring to try at the next start (beside the vault, never in it). */
  'desktop:chooseKeyring': {
    request: z.object({ backend: passwordStoreSchema.nullable() }),
    response: settingsSchema
  },
  /** Restarts the app (the keyring switch only takes effect in a new process). */
  'desktop:restart': { request: none, response: z.object({ restarting: z.boolean() }) }
} as const satisfies Record<Channel, { request: z.ZodType; response: z.ZodType }>

/** Main → renderer pushes. */
export const events = {
  'accounts:changed': accountsStateSchema,
  'settings:changed': settingsSchema,
  'signin:progress': signInProgressSchema,
  'app:notice': noticeSchema,
  /** Sent when the tray asks the window to show a screen (e.g. "Add account…"). */
  'app:navigate': z.object({
    to: z.enum(['accounts', 'add-account', 'settings']),
    /** With `to: 'accounts'`: the account to show (a notification's account). */
    accountId: accountId.optional(),
    /** `reauth`: that account needs signing in again; its "Sign in again" takes the focus. */
    action: z.enum(['reauth']).optional()
  })
} as const satisfies Record<EventName, z.ZodType>

export type Contract = typeof contract
export type Request<C extends Channel> = z.input<Contract[C]['request']>
export type Response<C extends Channel> = z.infer<Contract[C]['response']>
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>

export { channels, isChannel, type Channel, type EventName } from './names'
