import type { AccountVault } from '../../vault'
import type { Handlers } from '../router'

type AccountChannel = Extract<keyof Handlers, `accounts:${string}`>

/** The `accounts:*` channels: the vault's account list and lifecycle, as they are. */
export function accountHandlers(vault: AccountVault): Pick<Handlers, AccountChannel> {
  return {
    'accounts:list': () => vault.list(),
    'accounts:get': ({ id }) => vault.get(id),
    'accounts:switch': ({ id }) => vault.switch(id),
    'accounts:rename': ({ id, label }) => vault.rename(id, label),
    'accounts:reorder': ({ ids }) => vault.reorder(ids),
    'accounts:remove': ({ id, force }) => vault.remove(id, { force }),
    'accounts:reverify': ({ id }) => (id ? vault.reverify(id) : vault.reverifyAll())
  }
}
