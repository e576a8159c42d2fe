import { SERVER_INSTANT_TOLERANCE_MS } from '../../fediverse/http/server-instant'
import type { VaultDocument } from './store-schema'

/**
 * A stored sign-in date the engine's rule for server-sent instants would not have believed (more
 * than `SERVER_INSTANT_TOLERANCE_MS` after `now`), mended; any other date as it is. Engines before
 * that rule took Hollo's millisecond `created_at` for seconds and stored the true date times 1000
 * (the year 58902), so dividing gives it back; a date still in the future after that becomes
 * `fallback` (when the account was added here), or `now` if that is in the future too.
 */
export function mendIssuedAt(issuedAt: number, fallback: number, now: number): number {
  const limit = now + SERVER_INSTANT_TOLERANCE_MS
  if (issuedAt <= limit) return issuedAt
  const unscaled = Math.round(issuedAt / 1000)
  if (unscaled <= limit) return unscaled
  return fallback <= limit ? fallback : now
}

/**
 * Mends every account's far-future sign-in date (see `mendIssuedAt`): such a date made every
 * sign-in elsewhere look older, so restoring an export never replaced it. Returns the ids of the
 * accounts it changed (none: the same document object).
 */
export function mendStoredInstants(
  document: VaultDocument,
  now: number
): { document: VaultDocument; mended: string[] } {
  const mended: string[] = []
  const accounts: VaultDocument['accounts'] = {}
  for (const [key, record] of Object.entries(document.accounts)) {
    const issuedAt = mendIssuedAt(record.token.issuedAt, record.createdAt, now)
    if (issuedAt === record.token.issuedAt) {
      accounts[key] = record
      continue
    }
    accounts[key] = { ...record, token: { ...record.token, issuedAt } }
    mended.push(record.id)
  }
  return mended.length ? { document: { ...document, accounts }, mended } : { document, mended }
}
