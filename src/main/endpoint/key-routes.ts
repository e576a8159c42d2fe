import { endpointError } from './errors'
import type { Route } from './routes'

export const keysPath = '/v1/keys'

/** `GET /v1/keys`, `POST /v1/keys`, `DELETE /v1/keys/<name>`: key management for the CLI. */
export function routeKeys(method: string, path: string): Route {
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

function methodRefused(allowed: string): Route {
  return {
    kind: 'refused',
    error: endpointError('method_not_allowed', `This route only answers ${allowed}.`)
  }
}
