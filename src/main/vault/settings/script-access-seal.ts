import type { Notice } from '@shared/domain/notice'
import { VaultError } from '../errors'
import type { SecretCipher } from '../ports'
import {
  canSeal,
  isPlaintext,
  openSecret,
  sealSecret,
  type SealPolicy
} from '../secrets/secret-envelope'
import type { StoredVaultSettings } from '../storage/store-schema'
import type { VaultState } from '../vault-state'

/**
 * "Script access on" is tamper-evident. The flag itself is plain JSON in the store, and any process
 * running as the person can flip it; at the next launch the endpoint would start and hand that
 * process every token without the keychain ever being asked. So switching script access on (or
 * changing its port) also stores `settings.scriptAccessSeal`: `{ enabled, port }` sealed with the
 * same cipher as the tokens. At open, script access left on only counts when the seal opens and
 * matches; otherwise it is switched off and the person is told. Switching off needs no seal (and
 * drops it, so an old seal cannot be paired with a flag flipped back on).
 *
 * A `plain1:` seal protects nothing, so it only counts where tokens are stored in plaintext anyway:
 * no keychain, and the plaintext opt-in on. With a keychain available only a `v1:` seal counts.
 */
const PURPOSE = 'fedivault/script-access'

type ScriptAccess = StoredVaultSettings['scriptAccess']

function payload(scriptAccess: ScriptAccess): string {
  return JSON.stringify({ purpose: PURPOSE, enabled: true, port: scriptAccess.port ?? null })
}

/** The seal to store for these script-access settings (undefined when script access is off). */
export function sealScriptAccess(
  scriptAccess: ScriptAccess,
  policy: SealPolicy
): string | undefined {
  if (!scriptAccess.enabled) return undefined
  if (!canSeal(policy)) {
    throw new VaultError(
      'encryption_unavailable',
      `Script access cannot be switched on: ${policy.cipher.description} is not available to ` +
        'protect the setting. Start or install a keyring, or allow plaintext storage in Settings.'
    )
  }
  return sealSecret(payload(scriptAccess), policy)
}

/** True when script access is off, or on with a seal that opens and matches its settings. */
export function scriptAccessSealHolds(
  settings: StoredVaultSettings,
  cipher: SecretCipher
): boolean {
  if (!settings.scriptAccess.enabled) return true
  const seal = settings.scriptAccessSeal
  if (seal === undefined) return false
  if (isPlaintext(seal) && (cipher.isAvailable() || !settings.allowPlaintextSecrets)) return false
  try {
    return openSecret(seal, cipher) === payload(settings.scriptAccess)
  } catch {
    return false
  }
}

/**
 * At open: script access left on without a valid seal is switched off (on disk too, when the store
 * is writable). Returns the notice to show, or undefined when the setting is intact.
 */
export function checkScriptAccessSeal(state: VaultState): Notice | undefined {
  if (scriptAccessSealHolds(state.doc.settings, state.cipher)) return undefined
  state.log.warn('script access setting changed outside Fedivault, switched off', {
    sealed: state.doc.settings.scriptAccessSeal !== undefined
  })
  if (!state.readOnly) {
    state.commit(
      (doc) => {
        doc.settings.scriptAccess.enabled = false
        delete doc.settings.scriptAccessSeal
      },
      { accountsChanged: false }
    )
  }
  return {
    level: 'warning',
    code: 'script_access_reset',
    message:
      'Script access was switched off because its setting was changed outside Fedivault. ' +
      'If you want scripts to use your accounts, switch it on again in Settings.'
  }
}
