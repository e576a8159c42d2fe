import type { AccountStatus } from '@shared/domain/account'
import type { ApiFamily } from '@shared/domain/api-family'
import type { AccountRecord } from '../storage/store-schema'
import type { VaultState } from '../vault-state'

/** What the script endpoint hands out. The only vault answer that carries a secret. */
export interface AccessTokenGrant {
  token: string
  tokenType: string
  scope: string
  instanceUrl: string
  handle: string
  expiresAt: number | null
  /**
   * Until when (the vault's clock) this very grant may be handed out again without asking the
   * vault: shortly before it expires, the vault refreshes it. Null: until the accounts change.
   */
  reuseUntil: number | null
  status: AccountStatus
  /** NodeInfo's name for the server software, and the client API the token is for. */
  software: string
  api: ApiFamily
}

/** The grant for a record whose token is current (refreshed first when it was due). */
export function accessTokenGrant(
  state: VaultState,
  record: AccountRecord,
  refreshMarginMs: number
): AccessTokenGrant {
  return {
    token: state.open(record.token.accessToken),
    tokenType: record.token.tokenType,
    scope: record.scopes.join(' '),
    instanceUrl: record.apiBaseUrl,
    handle: record.id,
    expiresAt: record.token.expiresAt ?? null,
    reuseUntil:
      record.token.expiresAt === undefined ? null : record.token.expiresAt - refreshMarginMs,
    status: record.status,
    software: state.doc.instances[record.instanceHost]?.software ?? 'unknown',
    api: record.api ?? 'mastodon'
  }
}
