import { endpointError } from './errors'
import type { Route } from './routes'

export const runKeysPath = '/v1/run-keys'

/**
 * `POST /v1/run-keys` mints a run key and holds the answer open for the key's life;
 * `DELETE /v1/run-keys/<id>` ends one at once (the CLI, when its command has exited).
 */
export function routeRunKeys(method: string, path: string): Route {
  if (path === runKeysPath) {
    return method === 'POST'
      ? { kind: 'run-keys', action: 'hold' }
      : refused('This route only answers POST.')
  }
  const id = path.slice(runKeysPath.length + 1)
  if (!/^[0-9a-f]{1,64}$/.test(id)) return { kind: 'refused', error: endpointError('not_found') }
  if (method !== 'DELETE') return refused('This route only answers DELETE.')
  return { kind: 'run-keys', action: 'end', id }
}

function refused(message: string): Route {
  return { kind: 'refused', error: endpointError('method_not_allowed', message) }
}
