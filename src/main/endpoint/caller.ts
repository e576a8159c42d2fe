import {
  authorizeKey,
  coversAccount,
  type KeyRequest,
  type ScriptKeyRegistry,
  type StoredScriptKey
} from '../script-keys'
import { endpointError, type EndpointError } from './errors'
import type { ScriptAccountSource } from './ports'
import type { Route } from './routes'

/** Who a request comes from: the person at the keyboard (endpoint.json's secret), or a script key. */
export type Caller = { kind: 'owner' } | { kind: 'key'; key: StoredScriptKey }

export const ownerCaller: Caller = { kind: 'owner' }

export type Identified =
  | Caller
  /** A key of ours that may no longer be used: told why, unlike a wrong credential. */
  | { kind: 'refused'; key: StoredScriptKey; error: EndpointError }
  | null

/**
 * The owner's secret is compared first, in constant time and exactly as before keys existed, so
 * the owner's path (the hot `GET /v1/token`) costs no more and its timing says nothing new. Only a
 * credential that is not the secret is looked up as a key: one SHA-256 and a map lookup, whose
 * timing depends on the presented value's hash, never on a stored secret.
 */
export function identifyCaller(
  matchesSecret: (presented: string) => boolean,
  keys: ScriptKeyRegistry | undefined,
  presented: string
): Identified {
  if (matchesSecret(presented)) return ownerCaller
  const found = keys?.authenticate(presented)
  if (!found) return null
  if (found.status === 'active') return { kind: 'key', key: found.key }
  const code = found.status === 'revoked' ? 'key_revoked' : 'key_expired'
  return { kind: 'refused', key: found.key, error: endpointError(code) }
}

export type Scoped =
  | {
      ok: true
      route: Exclude<Route, { kind: 'refused' }>
      /** For `/v1/accounts`: which accounts the caller may see. */
      visible: (handle: string) => boolean
    }
  | { ok: false; error: EndpointError; account?: string }

/**
 * What this caller may do with the route, decided before anything else happens for it. A key's
 * token request comes back naming its account explicitly, so the account cannot change between
 * this check and the token lookup.
 */
export function scopeRoute(
  caller: Extract<Caller, { kind: 'key' }>,
  route: Exclude<Route, { kind: 'refused' }>,
  method: string,
  accounts: ScriptAccountSource
): Scoped {
  const { key } = caller
  const request = keyRequest(route, method)
  const needsActive = key.accounts === 'active' || (request.route === 'token' && !request.account)
  const active = needsActive ? accounts.listAccounts().activeAccountId : null
  const decision = authorizeKey(key, request, active)
  if (!decision.allowed) {
    const account =
      request.route === 'proxy'
        ? request.handle
        : request.route === 'token'
          ? request.account
          : undefined
    return { ok: false, error: endpointError('key_scope', decision.message), account }
  }
  const narrowed =
    route.kind === 'token' && decision.account !== undefined
      ? { kind: 'token' as const, account: decision.account }
      : route
  return { ok: true, route: narrowed, visible: (handle) => coversAccount(key, handle, active) }
}

function keyRequest(route: Exclude<Route, { kind: 'refused' }>, method: string): KeyRequest {
  switch (route.kind) {
    case 'accounts':
      return { route: 'accounts' }
    case 'token':
      return { route: 'token', account: route.account }
    case 'proxy':
      return { route: 'proxy', handle: route.handle, method }
    case 'keys':
      return { route: 'keys' }
  }
}
