import type { VaultDocument } from './store-schema'

/** The engine's rule for a server-sent instant (fediverse/http/server-instant.ts): a day. */
const TOLERANCE_MS = 24 * 60 * 60 * 1000

/**
 * Mends the sign-in dates engines before this one stored from a `created_at` in milliseconds
 * (Hollo's authorization-code answer), which they took for seconds: a date in the year 58902 that
 * made every sign-in elsewhere look older, so restoring an export never replaced it. Such a date
 * is the true one times 1000, so dividing gives it back; any other date in the future becomes the
 * day the account was added here. Returns the ids of the accounts it changed (none: same object).
 */
export function mendStoredInstants(
  document: VaultDocument,
  now: number
): { document: VaultDocument; mended: string[] } {
  const limit = now + TOLERANCE_MS
  const mended: string[] = []
  const accounts: VaultDocument['accounts'] = {}
  for (const [key, record] of Object.entries(document.accounts)) {
    const issuedAt = record.token.issuedAt
    if (issuedAt <= limit) {
      accounts[key] = record
      continue
    }
    const unscaled = Math.round(issuedAt / 1000)
    const fallback = record.createdAt <= limit ? record.createdAt : now
    accounts[key] = {
      ...record,
      token: { ...record.token, issuedAt: unscaled <= limit ? unscaled : fallback }
    }
    mended.push(record.id)
  }
  return mended.length ? { document: { ...document, accounts }, mended } : { document, mended }
}
