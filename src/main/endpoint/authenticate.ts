import { endpointError, type EndpointError } from './errors'
import type { EndpointLogger } from './ports'
import type { FailedAuthLimiter } from './rate-limiter'
import { bearerCredential } from './secret'

/** Who a request proved to be. Only the per-run secret today; per-script keys would add a kind. */
export interface Caller {
  kind: 'secret'
}

export type Admission =
  | { ok: true; caller: Caller }
  | { ok: false; error: EndpointError; headers: Record<string, string> }

export interface AuthContext {
  matchesSecret(presented: string): boolean
  limiter: FailedAuthLimiter
  logger: EndpointLogger
  lockoutMs: number
}

const secretHolder: Admission = { ok: true, caller: { kind: 'secret' } }

/**
 * The one place where a request proves it may use the endpoint; runs after the browser and Host
 * guards and before routing. During a lockout nothing is compared, so guessing gains nothing.
 */
export function authenticate(ctx: AuthContext, authorization: string | undefined): Admission {
  const waitMs = ctx.limiter.retryAfterMs()
  if (waitMs > 0) {
    return {
      ok: false,
      error: endpointError('rate_limited'),
      headers: { 'retry-after': String(Math.ceil(waitMs / 1000)) }
    }
  }
  const presented = bearerCredential(authorization)
  if (presented !== null && ctx.matchesSecret(presented)) return secretHolder
  if (ctx.limiter.recordFailure()) {
    ctx.logger.warn('script access: too many failed authentications, refusing requests', {
      lockoutMs: ctx.lockoutMs
    })
  }
  return {
    ok: false,
    error: endpointError('unauthorized'),
    headers: { 'www-authenticate': 'Bearer' }
  }
}
