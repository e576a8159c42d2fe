import type { AccountsState } from '@shared/domain/account'
import type { ApiFamily } from '@shared/domain/api-family'
import type { AuditEntry } from '@shared/domain/settings'

/**
 * What the script endpoint needs from the rest of the app. The composition root wires the vault,
 * the settings store and the audit log's storage to these; tests use the in-memory versions.
 */

/** A token as the endpoint hands it to a script (and as the proxy uses it upstream). */
export interface TokenGrant {
  accessToken: string
  tokenType: string
  /** As the server granted them; joined with spaces only in the answer's `scope`. */
  scopes: string[]
  /** API base URL without a trailing slash, e.g. `https://social.example`. */
  apiBaseUrl: string
  /** Canonical handle `user@domain`. */
  handle: string
  /** Epoch milliseconds, or null when the token does not expire. */
  expiresAt: number | null
  /**
   * For a token that expires: until when the same grant may be answered from memory (see
   * token-cache.ts). Absent: ask the source every time.
   */
  reuseUntil?: number
  /** Which software and client API the token is for (`misskey`: POST /api/<endpoint>). */
  software?: string
  api?: ApiFamily
}

export type TokenRefusal = 'unknown_account' | 'no_active_account' | 'needs_reauth'

/** A token answer, headers included, built once per token: `GET /v1/token` is the hot path. */
export interface TokenAnswer {
  body: string
  headers: readonly string[]
}

/**
 * `answer`: the `GET /v1/token` answer for this grant, rendered once by the cache that keeps the
 * grant (token-cache.ts); absent, the route renders it.
 */
export type TokenLookup =
  { ok: true; grant: TokenGrant; answer?: TokenAnswer } | { ok: false; error: TokenRefusal }

/** The vault, seen from the endpoint: a list without secrets, and one token at a time. */
export interface ScriptAccountSource {
  listAccounts(): AccountsState
  /** The named account's token, or the active account's when `handle` is undefined. */
  tokenFor(handle?: string): TokenLookup | Promise<TokenLookup>
}

export interface EndpointSettings {
  enabled: boolean
  /** A fixed port chosen in Settings, or null for an ephemeral one. */
  port: number | null
}

/** Where "script access on/off" and the port are remembered across launches. */
export interface EndpointSettingsStore {
  read(): EndpointSettings
  write(settings: EndpointSettings): void
}

/**
 * Where token handouts and proxied calls are recorded for Settings. `append` sits on the hot path
 * of `GET /v1/token`, so a persistent implementation should buffer rather than write per call.
 */
export interface AuditLogStore {
  append(entry: AuditEntry): void
  entries(): AuditEntry[]
}

export { systemClock, type Clock } from '../clock'

/**
 * `POST /v1/import`: the parsed JSON body in, the import report out. Throws an error with a
 * `message` when the request is refused (it becomes 422 `import_refused`).
 */
export type AccountImporter = (body: unknown) => Promise<unknown>
