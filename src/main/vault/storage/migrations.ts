import { z } from 'zod'
import {
  accountRecordSchema,
  CURRENT_SCHEMA_VERSION,
  DEFAULT_SETTINGS,
  instanceRecordSchema,
  pruneApps,
  sealedSecretSchema,
  storedAppSchema,
  vaultDocumentSchema,
  type AccountRecord,
  type InstanceRecord,
  type VaultDocument
} from './store-schema'

/**
 * Schema version 1 was the toot-shaped store of the first prototype: `apps` per instance domain,
 * `users` per handle with the token, `activeUser`. Kept only to migrate from.
 */
const v1DocumentSchema = z.object({
  schemaVersion: z.literal(1),
  apps: z.record(
    z.string(),
    z.object({
      baseUrl: z.string(),
      clientId: z.string(),
      clientSecret: sealedSecretSchema,
      software: z.string().optional(),
      version: z.string().optional()
    })
  ),
  users: z.record(
    z.string(),
    z.object({
      baseUrl: z.string(),
      username: z.string(),
      accountId: z.string(),
      displayName: z.string().optional(),
      avatar: z.string().optional(),
      token: sealedSecretSchema,
      scopes: z.string(),
      addedAt: z.string(),
      lastVerifiedAt: z.string().optional(),
      invalid: z.boolean().optional(),
      label: z.string().optional()
    })
  ),
  activeUser: z.string().nullable(),
  closeToTray: z.boolean().optional()
})

/**
 * Schema version 2 kept a single app per instance (`app`), replaced whenever the engine registered
 * another, which stranded the tokens the replaced app had issued.
 */
const v2InstanceSchema = instanceRecordSchema
  .omit({ apps: true, currentClientId: true })
  .extend({ app: storedAppSchema.optional() })
type V2Instance = z.infer<typeof v2InstanceSchema>
const v2DocumentSchema = vaultDocumentSchema.extend({
  schemaVersion: z.literal(2),
  instances: z.record(z.string(), v2InstanceSchema),
  accounts: z.record(
    z.string(),
    accountRecordSchema.extend({
      token: accountRecordSchema.shape.token.extend({ clientId: z.string().optional() })
    })
  )
})

/** Schema version 3: the current shape without script keys. */
const v3DocumentSchema = vaultDocumentSchema
  .omit({ scriptKeys: true })
  .extend({ schemaVersion: z.literal(3) })

type Migration = (document: unknown) => unknown

/** `migrations[n]` turns a version-n document into a version-(n+1) one. */
const migrations: Record<number, Migration> = {
  1: (raw) => {
    const v1 = v1DocumentSchema.parse(raw)
    const instances: Record<string, V2Instance> = {}
    for (const app of Object.values(v1.apps)) {
      const host = new URL(app.baseUrl).host
      instances[host] = {
        apiBaseUrl: stripSlash(app.baseUrl),
        software: app.software,
        version: app.version,
        app: {
          clientId: app.clientId,
          clientSecret: app.clientSecret,
          redirectUris: ['urn:ietf:wg:oauth:2.0:oob'],
          scopes: [],
          registeredAt: 0
        }
      }
    }
    const accounts: Record<string, AccountRecord> = {}
    Object.entries(v1.users).forEach(([handle, user], index) => {
      const id = handle.toLowerCase()
      const host = new URL(user.baseUrl).host
      const addedAt = Date.parse(user.addedAt) || 0
      accounts[id] = {
        id,
        username: user.username,
        domain: id.slice(id.indexOf('@') + 1),
        apiBaseUrl: stripSlash(user.baseUrl),
        instanceHost: host,
        // v1 kept only a name and avatar; the next re-verify fills in the rest.
        profile: {
          remoteId: user.accountId,
          displayName: user.displayName ?? user.username,
          avatar: user.avatar,
          note: '',
          fields: [],
          emojis: [],
          followersCount: 0,
          followingCount: 0,
          statusesCount: 0,
          bot: false,
          locked: false
        },
        scopes: user.scopes.split(/\s+/).filter(Boolean),
        token: {
          tokenType: 'Bearer',
          accessToken: user.token,
          issuedAt: addedAt,
          clientId: instances[host]?.app?.clientId
        },
        createdAt: addedAt,
        lastVerifiedAt: user.lastVerifiedAt ? Date.parse(user.lastVerifiedAt) : undefined,
        status: user.invalid ? 'needs_reauth' : 'ok',
        statusReason: user.invalid ? 'The server refused the saved sign-in.' : undefined,
        label: user.label,
        position: index
      }
    })
    const active = v1.activeUser?.toLowerCase() ?? null
    return {
      schemaVersion: 2,
      instances,
      accounts,
      activeAccountId: active && accounts[active] ? active : null,
      settings: { ...structuredClone(DEFAULT_SETTINGS), closeToTray: v1.closeToTray ?? false }
    }
  },

  // Each instance's one app becomes its current app; an account whose token names no app was
  // signed in with that one (version 1 and the first version-2 builds did not record it).
  2: (raw) => {
    const v2 = v2DocumentSchema.parse(raw)
    const instances: Record<string, InstanceRecord> = {}
    for (const [host, { app, ...rest }] of Object.entries(v2.instances)) {
      instances[host] = {
        ...rest,
        apps: app ? { [app.clientId]: app } : {},
        currentClientId: app?.clientId
      }
    }
    const accounts: Record<string, AccountRecord> = {}
    for (const [key, account] of Object.entries(v2.accounts)) {
      const clientId = account.token.clientId || instances[account.instanceHost]?.currentClientId
      accounts[key] = { ...account, token: { ...account.token, clientId } }
    }
    return { ...v2, schemaVersion: 3, instances, accounts }
  },

  // Script keys arrive; a version-3 store has none.
  3: (raw) => ({ ...v3DocumentSchema.parse(raw), schemaVersion: 4, scriptKeys: {} })
}

export type UpgradeOutcome =
  | { kind: 'empty' }
  | { kind: 'current'; document: VaultDocument }
  | { kind: 'migrated'; document: VaultDocument; fromVersion: number }
  /** Written by a newer Fedivault; `document` is set when it still reads as ours. */
  | { kind: 'newer'; version: number; document?: VaultDocument }
  | { kind: 'invalid'; reason: string }

/** Brings any stored document to the current schema, without touching the disk. */
export function upgradeDocument(raw: unknown): UpgradeOutcome {
  if (raw === undefined) return { kind: 'empty' }
  if (!isPlainObject(raw)) return { kind: 'invalid', reason: 'the store is not a JSON object' }
  // conf writes `{}` for a store that was never filled.
  if (Object.keys(raw).length === 0) return { kind: 'empty' }
  const version = raw.schemaVersion
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { kind: 'invalid', reason: 'the store has no schema version' }
  }
  if (version > CURRENT_SCHEMA_VERSION) {
    const lenient = vaultDocumentSchema.extend({ schemaVersion: z.number() }).safeParse(raw)
    return {
      kind: 'newer',
      version,
      document: lenient.success
        ? { ...lenient.data, schemaVersion: CURRENT_SCHEMA_VERSION }
        : undefined
    }
  }
  let document: unknown = raw
  try {
    for (let v = version; v < CURRENT_SCHEMA_VERSION; v++) {
      const step = migrations[v]
      if (!step) return { kind: 'invalid', reason: `no migration from schema version ${v}` }
      document = step(document)
    }
  } catch (error) {
    return {
      kind: 'invalid',
      reason: `schema version ${version} did not migrate: ${summary(error)}`
    }
  }
  const parsed = vaultDocumentSchema.safeParse(document)
  if (!parsed.success) return { kind: 'invalid', reason: summary(parsed.error) }
  const repaired = repairReferences(parsed.data)
  return version === CURRENT_SCHEMA_VERSION
    ? { kind: 'current', document: repaired }
    : { kind: 'migrated', document: repaired, fromVersion: version }
}

/**
 * Fixes what a hand edit could leave inconsistent without losing anything: a record filed under
 * another key, an active id that no longer exists, duplicate positions, an app filed under another
 * client id, a current app that is not there. Registrations nothing needs are dropped.
 */
function repairReferences(document: VaultDocument): VaultDocument {
  const accounts: VaultDocument['accounts'] = {}
  const ordered = Object.values(document.accounts).sort((a, b) => a.position - b.position)
  ordered.forEach((record, index) => {
    accounts[record.id] = { ...record, position: index }
  })
  const instances: VaultDocument['instances'] = {}
  for (const [host, instance] of Object.entries(document.instances)) {
    const apps = Object.fromEntries(Object.values(instance.apps).map((a) => [a.clientId, a]))
    const current = instance.currentClientId
    instances[host] = {
      ...instance,
      apps,
      currentClientId: current !== undefined && apps[current] ? current : undefined
    }
  }
  const active = document.activeAccountId
  const repaired: VaultDocument = {
    ...document,
    instances,
    accounts,
    activeAccountId: active && accounts[active] ? active : (ordered[0]?.id ?? null)
  }
  pruneApps(repaired)
  return repaired
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Zod issues and errors in one line, paths only: they never include the values (secrets). */
function summary(error: unknown): string {
  if (error instanceof z.ZodError) {
    return error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`)
      .join('; ')
  }
  return error instanceof Error ? error.name : 'unknown error'
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '')
}
