/**
 * When to ask MiAuth's `check` next, while the browser has not come back to the loopback
 * listener. A person who approved is waiting on this window for as long as the wait lasts, so
 * while someone is plausibly still on the server's page (`patientMs` since the flow began) the
 * interval stays short; only a flow left alone for minutes backs off, ×1.5 up to `maxDelayMs`.
 * A 429's Retry-After always wins: the server asked for the longer wait.
 */
export interface CheckSchedule {
  /** The wait before the first check and between checks while someone may be approving. */
  intervalMs: number
  /** How long after the start someone is plausibly still on the consent page. */
  patientMs: number
  /** The longest wait once the flow has been left alone. */
  maxDelayMs: number
}

export const DEFAULT_CHECK_SCHEDULE: CheckSchedule = {
  intervalMs: 2_000,
  patientMs: 5 * 60_000,
  maxDelayMs: 15_000
}

export function nextCheckDelay(
  {
    elapsedMs,
    previousMs,
    retryAfterSeconds
  }: {
    /** Since the flow began. */
    elapsedMs: number
    /** The wait before the check that just answered; undefined before the first check. */
    previousMs?: number
    /** From a 429 the last check got. */
    retryAfterSeconds?: number
  },
  schedule: CheckSchedule = DEFAULT_CHECK_SCHEDULE
): number {
  const { intervalMs, patientMs, maxDelayMs } = schedule
  const base =
    previousMs === undefined || elapsedMs < patientMs
      ? intervalMs
      : Math.min(maxDelayMs, Math.round(Math.max(previousMs, intervalMs) * 1.5))
  return Math.max(base, (retryAfterSeconds ?? 0) * 1000)
}
