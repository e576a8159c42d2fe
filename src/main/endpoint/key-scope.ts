import { authorizeKey, coversAccount, type KeyRequest } from '../script-keys'
import type { Caller } from './authenticate'
import { endpointError, type EndpointError } from './errors'
import type { ScriptAccountSource } from './ports'
import type { Route } from './routes'

/** Routes as scoped: `key-proxy` has been resolved to the key's account first (key-proxy.ts). */
type ScopedRoute = Exclude<Route, { kind: 'refused' } | { kind: 'key-proxy' }>

export type Scoped =
  | {
      ok: true
      route: ScopedRoute
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
  route: ScopedRoute,
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

function keyRequest(route: ScopedRoute, method: string): KeyRequest {
  switch (route.kind) {
    case 'accounts':
      return { route: 'accounts' }
    case 'token':
      return { route: 'token', account: route.account }
    case 'proxy':
      return { route: 'proxy', handle: route.handle, method }
    case 'keys':
    case 'run-keys':
      // A run key is a key: it cannot mint another, nor end one.
      return { route: 'keys' }
    case 'import':
      return { route: 'import' }
  }
}
