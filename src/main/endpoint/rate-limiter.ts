import type { Clock } from './ports'

export interface FailedAuthLimits {
  /** Failures tolerated within one window before the lockout starts. */
  maxFailures: number
  windowMs: number
  lockoutMs: number
}

export const defaultFailedAuthLimits: FailedAuthLimits = {
  maxFailures: 10,
  windowMs: 10_000,
  lockoutMs: 30_000
}

/**
 * Slows down secret guessing. Every client is 127.0.0.1, so there is nothing to key on but the
 * endpoint itself: during a lockout every request is refused before its secret is compared,
 * otherwise the lockout would not slow guessing at all. A local process could use this to block
 * scripts for a while; it could do worse things anyway, and the secret stays safe.
 */
export class FailedAuthLimiter {
  private windowStart = 0
  private failures = 0
  private lockedUntil = 0

  constructor(
    private readonly clock: Clock,
    private readonly limits: FailedAuthLimits = defaultFailedAuthLimits
  ) {}

  /** Milliseconds until requests are accepted again; 0 when not locked. */
  retryAfterMs(): number {
    const left = this.lockedUntil - this.clock.now()
    return left > 0 ? left : 0
  }

  /** Records a failure and returns true when it started a lockout. */
  recordFailure(): boolean {
    const now = this.clock.now()
    if (now - this.windowStart >= this.limits.windowMs) {
      this.windowStart = now
      this.failures = 0
    }
    this.failures++
    if (this.failures < this.limits.maxFailures) return false
    this.lockedUntil = now + this.limits.lockoutMs
    this.failures = 0
    this.windowStart = now
    return true
  }
}
