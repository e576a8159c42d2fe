import type { TokenRevocation } from '@shared/ipc/contract'
import type { AccountRecord } from './storage/store-schema'

/**
 * Misskey-family tokens cannot be revoked by the app that holds them: `POST /api/i/revoke-token`
 * is reserved for the server's own web client (PROTOCOL.md §6). Removing such an account only
 * forgets it here.
 */
export const revocableHere = (record: AccountRecord): boolean => record.api !== 'misskey'

/** What became of a removed account's token on its server, said plainly and never rosier. */
export function removedTokenOutcome(record: AccountRecord, forced: boolean): TokenRevocation {
  if (!revocableHere(record)) {
    const url = `${new URL(record.apiBaseUrl).origin}/settings/apps`
    return {
      outcome: 'revoke_on_server',
      url,
      message: `Removed from Fedivault. The sign-in still works on ${record.domain}: Misskey does not let an app revoke its own access. Revoke "Fedivault" under Settings → Connected apps there (${url}).`
    }
  }
  return forced ? { outcome: 'not_revoked' } : { outcome: 'revoked' }
}
