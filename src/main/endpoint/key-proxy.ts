import type { Caller } from './authenticate'
import { endpointError } from './errors'
import type { ScriptAccountSource } from './ports'
import type { Route } from './routes'

/**
 * The account behind `/api/…` at the endpoint's root. Tools such as toot keep only the path of a
 * `Link: <…>; rel="next"` and put it after their base URL, and Mastodon.py keeps only the host of
 * the streaming URL, so a base URL with a path prefix (`/v1/proxy/<handle>`) cannot carry them.
 * The root can, for a caller whose key names the account: a run key (always one account), a
 * key for one account, or a key for "whichever account is active". The account and mode are
 * then checked like any proxy request's (key-scope.ts).
 */
export function resolveKeyProxy(
  caller: Caller,
  route: Extract<Route, { kind: 'key-proxy' }>,
  accounts: ScriptAccountSource
): Route {
  if (caller.kind !== 'key') {
    return refused(
      'not_found',
      "Paths under /api/ at the endpoint's root are for script keys bound to one account (fedivault run). With the endpoint's secret, use /v1/proxy/<handle>/api/…."
    )
  }
  const { key } = caller
  let handle: string | null
  if (key.accounts === 'active') {
    handle = accounts.listAccounts().activeAccountId
    if (handle === null) return refused('no_active_account')
  } else if (key.accounts.length === 1) {
    handle = key.accounts[0]!
  } else {
    return refused(
      'key_scope',
      `The key "${key.name}" covers several accounts, so /api/… at the root cannot tell which one is meant. Use /v1/proxy/<handle>/api/…, or a key for one account.`
    )
  }
  return { kind: 'proxy', handle, path: route.path, root: true }
}

function refused(code: Parameters<typeof endpointError>[0], message?: string): Route {
  return { kind: 'refused', error: endpointError(code, message) }
}
