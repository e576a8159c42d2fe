import type { ClientRegistry } from '../client-registration'
import { hostOf } from './accounts/verified-sign-in'
import type { VaultState } from './vault-state'

export type { ClientRegistry }

/**
 * The ClientRegistry the engine signs in with: the current OAuth app per API host, the one new sign-ins there use,
 * its client secret sealed like a token. `put` makes a newly registered app current; the one it
 * replaces stays stored while an account still holds a token it issued (only it can revoke or
 * refresh that token). `forget` is how the engine reports `invalid_client`: the app stops being
 * current, and goes once no account's token names it.
 */
export function createClientRegistry(state: VaultState): ClientRegistry {
  return {
    get: async (apiBaseUrl) => state.app(apiBaseUrl),

    put: async (apiBaseUrl, app) => {
      state.assertWritable()
      const host = hostOf(apiBaseUrl)
      // Sealed before the commit: refusing (no keychain) must leave the store untouched.
      const sealed = state.sealApp(app)
      state.commit(
        (doc) => {
          const instance = doc.instances[host] ?? {
            apiBaseUrl: apiBaseUrl.replace(/\/+$/, ''),
            apps: {}
          }
          instance.apps[sealed.clientId] = sealed
          instance.currentClientId = sealed.clientId
          doc.instances[host] = instance
        },
        { accountsChanged: false }
      )
    },

    forget: async (apiBaseUrl) => {
      const host = hostOf(apiBaseUrl)
      if (state.doc.instances[host]?.currentClientId === undefined) return
      state.commit((doc) => void delete doc.instances[host]!.currentClientId, {
        accountsChanged: false
      })
    }
  }
}
