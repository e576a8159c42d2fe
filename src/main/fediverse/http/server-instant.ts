/**
 * How far a server's clock (or its idea of a unit) may be from ours before its instant is not
 * believed. A day covers any real clock skew and time zone bug, and stays far below the factor of
 * 1000 between seconds and milliseconds.
 */
export const SERVER_INSTANT_TOLERANCE_MS = 24 * 60 * 60 * 1000

/**
 * An instant a server sent (a token's `created_at`, …) as epoch ms, or `receivedAt` when it cannot
 * be trusted. Servers disagree on the unit: RFC-style Mastodon answers send seconds, Hollo's
 * authorization-code answer sends milliseconds; some send strings. Whichever reading lands within
 * a day of the moment the answer arrived is taken; anything else (garbage, a clock years off) is
 * replaced by the receive time, so no stored date is ever absurd.
 */
export function serverInstant(value: unknown, receivedAt: number): number {
  const near = (ms: number): boolean =>
    Number.isFinite(ms) && Math.abs(ms - receivedAt) <= SERVER_INSTANT_TOLERANCE_MS
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)
        ? Number(value)
        : undefined
  if (number !== undefined) {
    if (near(number * 1000)) return Math.round(number * 1000)
    if (near(number)) return Math.round(number)
    return receivedAt
  }
  if (typeof value === 'string') {
    const parsed = Date.parse(value)
    if (near(parsed)) return parsed
  }
  return receivedAt
}
