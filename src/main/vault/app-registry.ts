import type { ClientApp } from './engine-port'
import { hostOf } from './verified-sign-in'
import type { VaultState } from './vault-state'

/**
 * The engine's AppRegistry: one OAuth app per API host, reused by every account there, its
 * client secret sealed like a token. `forget` is how the engine reports `invalid_client`.
 */
export interface AppRegistry {
  get(apiBaseUrl: string): Promise<ClientApp | undefined>
  put(apiBaseUrl: string, app: ClientApp): Promise<void>
  forget(apiBaseUrl: string): Promise<void>
}

export function createAppRegistry(state: VaultState): AppRegistry {
  return {
    get: async (apiBaseUrl) => state.app(apiBaseUrl),

    put: async (apiBaseUrl, app) => {
      state.assertWritable()
      const host = hostOf(apiBaseUrl)
      // Sealed before the commit: refusing (no keychain) must leave the store untouched.
      const sealed = state.sealApp(app)
      state.commit(
        (doc) => {
          const instance = doc.instances[host] ?? { apiBaseUrl: apiBaseUrl.replace(/\/+$/, '') }
          instance.app = sealed
          doc.instances[host] = instance
        },
        { accountsChanged: false }
      )
    },

    forget: async (apiBaseUrl) => {
      const host = hostOf(apiBaseUrl)
      if (!state.doc.instances[host]?.app) return
      state.commit((doc) => void delete doc.instances[host]!.app, { accountsChanged: false })
    }
  }
}
