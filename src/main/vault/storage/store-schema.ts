import { z } from 'zod'
import { apiFamilySchema } from '@shared/domain/api-family'
import { accountStatusSchema, customEmojiSchema, profileFieldSchema } from '@shared/domain/account'
import { themeSchema } from '@shared/domain/settings'
import { storedScriptKeySchema } from '../../script-keys/record'

/**
 * The vault's document on disk (schema version 4). Everything secret is a sealed envelope string
 * (see secret-envelope.ts); the schema only accepts envelope-shaped strings there, so a plaintext
 * token cannot be written by accident.
 */
export const CURRENT_SCHEMA_VERSION = 4

export const sealedSecretSchema = z.string().regex(/^(v1|plain1):/, 'not a sealed secret')

export const capabilitiesSchema = z.object({
  browserSignIn: z.boolean(),
  pkce: z.boolean(),
  passwordGrant: z.enum(['yes', 'no', 'unknown']),
  maxStatusLen: z.number().optional(),
  maxAttachments: z.number().optional()
})
export type Capabilities = z.infer<typeof capabilitiesSchema>

export const storedAppSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: sealedSecretSchema,
  redirectUris: z.array(z.string()),
  scopes: z.array(z.string()),
  registeredAt: z.number()
})
export type StoredApp = z.infer<typeof storedAppSchema>

/**
 * One per API host: what the server is, and its OAuth app registrations. A server can end up with
 * several apps of ours (snac registers one per browser sign-in; GoToSocial and Hollo need a new one
 * when the registered loopback port is taken), and only the app that issued a token can revoke or
 * refresh it, so every app some account's token came from is kept, next to the current one.
 */
export const instanceRecordSchema = z.object({
  apiBaseUrl: z.string(),
  software: z.string().optional(),
  version: z.string().optional(),
  capabilities: capabilitiesSchema.optional(),
  discoveredAt: z.number().optional(),
  /**
   * By client id: the current app and every app that issued a token an account here holds. Any
   * other is dropped at the next write (see `pruneApps`).
   */
  apps: z.record(z.string(), storedAppSchema),
  /** The app new sign-ins use (`ClientRegistry.get`); absent when none, or once it was forgotten. */
  currentClientId: z.string().optional()
})
export type InstanceRecord = z.infer<typeof instanceRecordSchema>

/** The display snapshot taken from verify_credentials (refreshed on every re-verify). */
export const profileSnapshotSchema = z.object({
  remoteId: z.string(),
  displayName: z.string(),
  url: z.string().optional(),
  avatar: z.string().optional(),
  header: z.string().optional(),
  note: z.string(),
  fields: z.array(profileFieldSchema),
  emojis: z.array(customEmojiSchema),
  followersCount: z.number(),
  followingCount: z.number(),
  statusesCount: z.number(),
  bot: z.boolean(),
  locked: z.boolean()
})
export type ProfileSnapshot = z.infer<typeof profileSnapshotSchema>

export const storedTokenSchema = z.object({
  tokenType: z.string(),
  accessToken: sealedSecretSchema,
  refreshToken: sealedSecretSchema.optional(),
  /** Epoch ms; absent when the server issued a token that does not expire. */
  expiresAt: z.number().optional(),
  issuedAt: z.number(),
  /**
   * The app that issued the token, a key into the instance's `apps`: revocation and refresh must
   * use the same client. Absent only on accounts migrated from a store that had already lost it.
   */
  clientId: z.string().min(1).optional()
})
export type StoredToken = z.infer<typeof storedTokenSchema>

export const accountRecordSchema = z.object({
  /** Canonical handle `user@domain`, lower case; also the key in `accounts`. */
  id: z.string().min(3),
  username: z.string().min(1),
  domain: z.string().min(1),
  apiBaseUrl: z.string(),
  /** Key into `instances`. */
  instanceHost: z.string(),
  /**
   * The client API the account is used through (`ApiFamily`). Optional rather
   * than a schema version: records without it are Mastodon-API accounts.
   */
  api: apiFamilySchema.optional(),
  profile: profileSnapshotSchema,
  scopes: z.array(z.string()),
  token: storedTokenSchema,
  createdAt: z.number(),
  lastVerifiedAt: z.number().optional(),
  status: accountStatusSchema,
  statusReason: z.string().optional(),
  label: z.string().optional(),
  position: z.number().int(),
  /** When `status` last changed (absent on records from before it was kept). */
  statusChangedAt: z.number().optional()
})
export type AccountRecord = z.infer<typeof accountRecordSchema>

export const vaultSettingsSchema = z.object({
  scriptAccess: z.object({
    enabled: z.boolean(),
    port: z.number().int().min(1024).max(65535).optional()
  }),
  /**
   * `{ enabled, port }` of script access, sealed like a token, present only while it is on: the
   * flag alone is not trusted at launch (see script-access-seal.ts). Optional, so stores written
   * before it existed still parse; there, script access left on is switched off at open.
   */
  scriptAccessSeal: sealedSecretSchema.optional(),
  /** Per-install opt-in, shown in Settings, to keep secrets unencrypted when no keychain exists. */
  allowPlaintextSecrets: z.boolean(),
  closeToTray: z.boolean(),
  /** The window's theme; absent (stores written before it) means the system's. */
  theme: themeSchema.optional()
})
/** The settings section as stored, seal included. */
export type StoredVaultSettings = z.infer<typeof vaultSettingsSchema>
/** The settings as the rest of the app sees them: the seal never leaves the vault. */
export type VaultSettings = Omit<StoredVaultSettings, 'scriptAccessSeal'>

export const DEFAULT_SETTINGS: VaultSettings = {
  scriptAccess: { enabled: false },
  allowPlaintextSecrets: false,
  closeToTray: false
}

export const vaultDocumentSchema = z.object({
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  /** The cipher backend that sealed the secrets, to explain a decryption failure after a change. */
  cipherBackend: z.string().optional(),
  instances: z.record(z.string(), instanceRecordSchema),
  accounts: z.record(z.string(), accountRecordSchema),
  activeAccountId: z.string().nullable(),
  settings: vaultSettingsSchema,
  /**
   * Script keys by id (version 4): each key's SHA-256 and settings, never the key itself. Defaults
   * to none, so documents built before it existed still read.
   */
  scriptKeys: z.record(z.string(), storedScriptKeySchema).default({})
})
export type VaultDocument = z.infer<typeof vaultDocumentSchema>

/**
 * Drops the app registrations nothing needs any more: not an instance's current app, and not the
 * issuer of any account's token on that instance. Run on every write, so a secret is kept exactly
 * as long as a token it can revoke or refresh (or the next sign-in) needs it.
 */
export function pruneApps(doc: VaultDocument): void {
  const used = new Map<string, Set<string>>()
  for (const account of Object.values(doc.accounts)) {
    const clientId = account.token.clientId
    if (clientId === undefined) continue
    const ids = used.get(account.instanceHost) ?? new Set<string>()
    ids.add(clientId)
    used.set(account.instanceHost, ids)
  }
  for (const [host, instance] of Object.entries(doc.instances)) {
    for (const clientId of Object.keys(instance.apps)) {
      if (clientId !== instance.currentClientId && !used.get(host)?.has(clientId)) {
        delete instance.apps[clientId]
      }
    }
  }
}

export function emptyDocument(): VaultDocument {
  return {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    instances: {},
    accounts: {},
    activeAccountId: null,
    settings: structuredClone(DEFAULT_SETTINGS),
    scriptKeys: {}
  }
}
