import type { AccountStatus } from '@shared/domain/account'
import type { TokenGrant } from '../../endpoint/ports'
import type { AccountRecord } from '../storage/store-schema'
import type { VaultState } from '../vault-state'

/**
 * What the script endpoint hands out, in the endpoint's own shape (its `TokenGrant`), plus the
 * account's status, which decides whether it is handed out at all. The only vault answer that
 * carries a secret. `reuseUntil`, for a token that expires: until when (the vault's clock) this
 * very grant may be handed out again without asking the vault, shortly before the vault refreshes
 * it.
 */
export interface AccessTokenGrant extends TokenGrant {
  status: AccountStatus
}

/** The grant for a record whose token is current (refreshed first when it was due). */
export function accessTokenGrant(
  state: VaultState,
  record: AccountRecord,
  refreshMarginMs: number
): AccessTokenGrant {
  const grant: AccessTokenGrant = {
    accessToken: state.open(record.token.accessToken),
    tokenType: record.token.tokenType,
    scopes: [...record.scopes],
    apiBaseUrl: record.apiBaseUrl,
    handle: record.id,
    expiresAt: record.token.expiresAt ?? null,
    status: record.status,
    software: state.doc.instances[record.instanceHost]?.software ?? 'unknown',
    api: record.api ?? 'mastodon'
  }
  if (record.token.expiresAt !== undefined) {
    grant.reuseUntil = record.token.expiresAt - refreshMarginMs
  }
  return grant
}
