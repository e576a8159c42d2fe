import type { ScriptKeyRegistry } from '../../script-keys'
import type { Handlers } from '../router'

type ScriptKeyChannels =
  'scriptKeys:list' | 'scriptKeys:create' | 'scriptKeys:revoke' | 'scriptKeys:trail'

/**
 * Settings → Script access → keys. `create` is the only answer that carries a key; the contract's
 * response schemas strip anything else (the hash) from every answer.
 */
export function scriptKeyHandlers(keys: ScriptKeyRegistry): Pick<Handlers, ScriptKeyChannels> {
  return {
    'scriptKeys:list': () => ({ keys: keys.list() }),
    'scriptKeys:create': (spec) => keys.create(spec),
    'scriptKeys:revoke': ({ id }) => {
      keys.revoke({ id })
      return { keys: keys.list() }
    },
    'scriptKeys:trail': ({ id }) => ({ entries: keys.trail(id) })
  }
}
