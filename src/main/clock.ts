/**
 * The time source the vault and the script endpoint are given (tests pass a hand-moved one).
 * Declared once, here, below both.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }
