import type { Notice } from '@shared/domain/notice'
import type { TokenRevocation } from '@shared/ipc/contract'
import type { AccountRecord } from '../storage/store-schema'

/**
 * Misskey-family tokens cannot be revoked by the app that holds them: `POST /api/i/revoke-token`
 * is reserved for the server's own web client (PROTOCOL.md §6). Removing such an account only
 * forgets it here.
 */
export const revocableHere = (record: AccountRecord): boolean => record.api !== 'misskey'

/** Where the person revokes a token the app cannot revoke itself. */
const connectedAppsUrl = (record: AccountRecord): string =>
  `${new URL(record.apiBaseUrl).origin}/settings/apps`

/** What became of a removed account's token on its server, said plainly and never rosier. */
export function removedTokenOutcome(record: AccountRecord, forced: boolean): TokenRevocation {
  if (!revocableHere(record)) {
    const url = connectedAppsUrl(record)
    return {
      outcome: 'revoke_on_server',
      url,
      message: `Removed from Fedivault. The sign-in still works on ${record.domain}: Misskey does not let an app revoke its own access. Revoke "Fedivault" under Settings → Connected apps there (${url}).`
    }
  }
  return forced ? { outcome: 'not_revoked' } : { outcome: 'revoked' }
}

/**
 * Signing in again to a Misskey-family account that still worked leaves the earlier token alive
 * there (nothing here can revoke it); the person hears where to revoke it. A warning, so that it
 * stays on screen until dismissed: it asks for something to be done.
 */
export function supersededTokenNotice(record: AccountRecord): Notice {
  const url = connectedAppsUrl(record)
  return {
    level: 'warning',
    code: 'superseded_token_kept',
    message: `You signed in to ${record.id} again. The earlier sign-in may still work on ${record.domain}: Misskey does not let an app revoke its own access. If Settings → Connected apps there (${url}) lists "Fedivault" more than once, revoke the older entry.`
  }
}
