import type { ScriptKeyRegistry, StoredScriptKey } from '../script-keys'
import { endpointError, type EndpointError } from './errors'
import type { EndpointLogger } from './ports'
import type { FailedAuthLimiter } from './rate-limiter'
import { bearerCredential } from './secret'

/** Who a request proved to be: the holder of the per-run secret (the owner), or a script key. */
export type Caller = { kind: 'secret' } | { kind: 'key'; key: StoredScriptKey }

export type Admission =
  | { ok: true; caller: Caller }
  | {
      ok: false
      error: EndpointError
      headers: Record<string, string>
      /** A key of ours that may no longer be used (revoked, expired): audited under its name. */
      key?: StoredScriptKey
    }

export interface AuthContext {
  matchesSecret(presented: string): boolean
  limiter: FailedAuthLimiter
  logger: EndpointLogger
  lockoutMs: number
  /** Script keys; without them only the secret is accepted. */
  keys?: ScriptKeyRegistry
}

const secretHolder: Admission = { ok: true, caller: { kind: 'secret' } }

/**
 * The one place where a request proves it may use the endpoint; runs after the browser and Host
 * guards and before routing. During a lockout nothing is compared, so guessing gains nothing.
 *
 * The secret is compared first, in constant time and exactly as before keys existed, so the
 * owner's path costs no more and its timing says nothing new. Only a credential that is not the
 * secret is looked up as a key: one SHA-256 and a map lookup, whose timing depends on the
 * presented value's hash, never on a stored secret. A wrong key counts as a failure like a wrong
 * secret (one limiter for the whole endpoint); a revoked or expired key is ours and is told so.
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
  const found = presented === null ? null : (ctx.keys?.authenticate(presented) ?? null)
  if (found?.status === 'active') return { ok: true, caller: { kind: 'key', key: found.key } }
  if (found) {
    return {
      ok: false,
      error: endpointError(found.status === 'revoked' ? 'key_revoked' : 'key_expired'),
      headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
      key: found.key
    }
  }
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
