import type { AccountVault } from '../vault'
import { VaultError } from '../vault'
import type { EndpointSettingsStore, ScriptAccountSource, TokenLookup } from '../endpoint/ports'
import { CachedTokenLookups } from '../endpoint/token-cache'
import { systemClock, type Clock } from '../clock'

/**
 * The vault as the script endpoint sees it: the account list, and one token at a time, kept in
 * memory until the accounts change (the vault's 'changed' event covers tokens, statuses, the
 * active account and removals) or, for a token that expires, until the vault would refresh it.
 * `clock` is the vault's.
 */
export function vaultAccountSource(
  vault: AccountVault,
  clock: Clock = systemClock
): ScriptAccountSource {
  return new CachedTokenLookups(
    uncachedVaultSource(vault),
    (onChange) => {
      vault.on('changed', onChange)
    },
    clock
  )
}

function uncachedVaultSource(vault: AccountVault): ScriptAccountSource {
  return {
    listAccounts: () => vault.list(),
    async tokenFor(handle?: string): Promise<TokenLookup> {
      try {
        const grant = await vault.getAccessToken(handle)
        if (grant.status === 'needs_reauth') return { ok: false, error: 'needs_reauth' }
        return { ok: true, grant }
      } catch (error) {
        if (error instanceof VaultError) {
          if (error.code === 'not_found') return { ok: false, error: 'unknown_account' }
          if (error.code === 'no_active_account') return { ok: false, error: 'no_active_account' }
          // Being removed, or a secret that no longer decrypts: the person has to act in the app.
          if (error.code === 'pending_removal' || error.code === 'decrypt_failed') {
            return { ok: false, error: 'needs_reauth' }
          }
        }
        throw error
      }
    }
  }
}

/** "Script access on/off" and its port live in the vault's settings section. */
export function vaultEndpointSettings(vault: AccountVault): EndpointSettingsStore {
  return {
    read() {
      const s = vault.getSettings().scriptAccess
      return { enabled: s.enabled, port: s.port ?? null }
    },
    write(settings) {
      vault.updateSettings({ scriptAccess: { enabled: settings.enabled, port: settings.port } })
    }
  }
}
