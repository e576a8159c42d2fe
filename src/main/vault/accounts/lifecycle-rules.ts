import type { AccountStatus } from '@shared/domain/account'
import type { EngineFailureKind } from '../ports'
import { VaultError } from '../errors'
import type { StoredToken } from '../storage/store-schema'

/** The account that becomes active once `removedId` is gone (gh semantics: the next, else the previous). */
export function nextActiveAfterRemoval(
  orderedIds: readonly string[],
  removedId: string,
  activeId: string | null
): string | null {
  if (activeId !== removedId) return activeId
  const index = orderedIds.indexOf(removedId)
  return orderedIds[index + 1] ?? orderedIds[index - 1] ?? null
}

/**
 * The new order for a drag-and-drop result: `requested` first, then any account it left out in
 * its current order (an account added while the person was dragging is not lost).
 */
export function reorderIds(currentIds: readonly string[], requested: readonly string[]): string[] {
  const known = new Set(currentIds)
  const seen = new Set<string>()
  for (const id of requested) {
    if (!known.has(id)) throw new VaultError('invalid_order', `There is no account ${id}.`)
    if (seen.has(id)) throw new VaultError('invalid_order', `${id} appears twice in the new order.`)
    seen.add(id)
  }
  return [...requested, ...currentIds.filter((id) => !seen.has(id))]
}

/** Refresh this long before expiry, so a script never receives a token about to lapse. */
export const REFRESH_MARGIN_MS = 5 * 60_000

export function shouldRefresh(
  token: StoredToken,
  now: number,
  margin = REFRESH_MARGIN_MS
): boolean {
  return (
    token.refreshToken !== undefined &&
    token.expiresAt !== undefined &&
    token.expiresAt - now <= margin
  )
}

export interface StatusChange {
  status: AccountStatus
  statusReason?: string
  /** False when the failure says nothing about the token: the record stays exactly as it was. */
  tokenRejected: boolean
}

/** What a failed verify or refresh means for the account. */
export function statusAfterFailure(kind: EngineFailureKind, serverMessage?: string): StatusChange {
  switch (kind) {
    case 'rejected_token':
      return {
        status: 'needs_reauth',
        statusReason: withDetail(
          'The server no longer accepts this sign-in. Sign in again.',
          serverMessage
        ),
        tokenRejected: true
      }
    case 'rejected_client':
      return {
        status: 'needs_reauth',
        statusReason: 'The server no longer knows this app registration. Sign in again.',
        tokenRejected: true
      }
    case 'unreachable':
      return {
        status: 'offline',
        statusReason: withDetail('The server could not be reached.', serverMessage),
        tokenRejected: false
      }
    case 'failed':
      return {
        status: 'offline',
        statusReason: withDetail(
          'The server gave an answer Fedivault did not understand.',
          serverMessage
        ),
        tokenRejected: false
      }
  }
}

function withDetail(text: string, detail: string | undefined): string {
  return detail ? `${text} (${detail.slice(0, 200)})` : text
}
