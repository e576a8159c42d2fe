import { httpRoutes } from '@shared/http-routes'
import { endpointError, type EndpointError } from './errors'

export type Route =
  | { kind: 'accounts' }
  | { kind: 'token'; account: string | undefined }
  /** `path` starts with `/api/` and keeps the caller's encoding and query string. */
  | { kind: 'proxy'; handle: string; path: string; root?: true }
  /**
   * `/api/…` at the endpoint's root: proxied for a script key bound to one account (a run key),
   * so a tool can hold the endpoint's own URL as its instance URL (see key-proxy.ts).
   */
  | { kind: 'key-proxy'; path: string }
  /** `fedivault run`: mint a run key and hold it open, or end one. */
  | { kind: 'run-keys'; action: 'hold' }
  | { kind: 'run-keys'; action: 'end'; id: string }
  | { kind: 'keys'; action: 'list' | 'create' }
  | { kind: 'keys'; action: 'revoke'; name: string }
  /** Accounts from another tool's files, sent by `fedivault import`. */
  | { kind: 'import' }
  | { kind: 'refused'; error: EndpointError }

const { proxyPrefix, keys: keysPath, runKeys: runKeysPath } = httpRoutes

/** Maps a request line to a route without touching the network or the vault. */
export function routeRequest(method: string, rawUrl: string): Route {
  const queryAt = rawUrl.indexOf('?')
  const path = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt)
  const query = queryAt < 0 ? '' : rawUrl.slice(queryAt + 1)

  if (path === httpRoutes.import) {
    return method === 'POST'
      ? { kind: 'import' }
      : refused('method_not_allowed', 'This route only answers POST.')
  }
  if (path === httpRoutes.accounts || path === httpRoutes.token) {
    if (method !== 'GET') return refused('method_not_allowed')
    if (path === httpRoutes.accounts) return { kind: 'accounts' }
    const account = query === '' ? null : new URLSearchParams(query).get('account')
    if (account === null) return { kind: 'token', account: undefined }
    const handle = normaliseHandle(account)
    return handle ? { kind: 'token', account: handle } : refused('bad_request', 'Empty account.')
  }
  if (path.startsWith(proxyPrefix)) return routeProxy(path.slice(proxyPrefix.length), query)
  if (path === keysPath || path.startsWith(`${keysPath}/`)) return routeKeys(method, path)
  if (path === runKeysPath || path.startsWith(`${runKeysPath}/`)) return routeRunKeys(method, path)
  if (path.startsWith('/api/')) {
    if (!isPlainPath(path)) return refused('forbidden_path')
    return { kind: 'key-proxy', path: query === '' ? path : `${path}?${query}` }
  }
  return refused('not_found')
}

function routeProxy(rest: string, query: string): Route {
  const slash = rest.indexOf('/')
  if (slash <= 0) return refused('not_found')
  let handle: string | null
  try {
    handle = normaliseHandle(decodeURIComponent(rest.slice(0, slash)))
  } catch {
    return refused('bad_request', 'The handle is not valid percent-encoding.')
  }
  if (!handle) return refused('not_found')
  const apiPath = rest.slice(slash)
  if (!apiPath.startsWith('/api/') || !isPlainPath(apiPath)) return refused('forbidden_path')
  return { kind: 'proxy', handle, path: query === '' ? apiPath : `${apiPath}?${query}` }
}

/** `GET /v1/keys`, `POST /v1/keys`, `DELETE /v1/keys/<name>`: key management for the CLI. */
function routeKeys(method: string, path: string): Route {
  if (path === keysPath) {
    if (method === 'GET') return { kind: 'keys', action: 'list' }
    if (method === 'POST') return { kind: 'keys', action: 'create' }
    return methodRefused('GET or POST')
  }
  const rest = path.slice(keysPath.length + 1)
  if (rest === '' || rest.includes('/'))
    return { kind: 'refused', error: endpointError('not_found') }
  if (method !== 'DELETE') return methodRefused('DELETE')
  let name: string
  try {
    name = decodeURIComponent(rest)
  } catch {
    return {
      kind: 'refused',
      error: endpointError('bad_request', 'The key name is not valid percent-encoding.')
    }
  }
  return { kind: 'keys', action: 'revoke', name }
}

/**
 * `POST /v1/run-keys` mints a run key and holds the answer open for the key's life;
 * `DELETE /v1/run-keys/<id>` ends one at once (the CLI, when its command has exited).
 */
function routeRunKeys(method: string, path: string): Route {
  if (path === runKeysPath) {
    return method === 'POST' ? { kind: 'run-keys', action: 'hold' } : methodRefused('POST')
  }
  const id = path.slice(runKeysPath.length + 1)
  if (!/^[0-9a-f]{1,64}$/.test(id)) return refused('not_found')
  if (method !== 'DELETE') return methodRefused('DELETE')
  return { kind: 'run-keys', action: 'end', id }
}

function methodRefused(allowed: string): Route {
  return {
    kind: 'refused',
    error: endpointError('method_not_allowed', `This route only answers ${allowed}.`)
  }
}

/**
 * The instance (or a proxy in front of it) may normalise `/api/../oauth/revoke` or its encoded
 * forms into a path outside /api/, so any segment that could climb is refused outright.
 */
function isPlainPath(path: string): boolean {
  if (path.includes('\\')) return false
  for (const segment of path.split('/')) {
    let decoded: string
    try {
      decoded = decodeURIComponent(segment)
    } catch {
      return false
    }
    if (decoded === '.' || decoded === '..' || decoded.includes('/') || decoded.includes('\\')) {
      return false
    }
  }
  return true
}

/** Accepts `@user@domain` as well as `user@domain`, as people copy both. */
export function normaliseHandle(handle: string): string | null {
  const trimmed = handle.trim().replace(/^@/, '')
  return trimmed === '' ? null : trimmed
}

function refused(code: Parameters<typeof endpointError>[0], message?: string): Route {
  return { kind: 'refused', error: endpointError(code, message) }
}
