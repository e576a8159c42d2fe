import { VaultError } from '../errors'
import type { SecretCipher } from '../ports'

/**
 * Secrets are stored as `<scheme>:<payload>` so the scheme can change without guessing:
 * - `v1:` base64 of the cipher's output (safeStorage in Electron);
 * - `plain1:` the secret itself, only written under the explicit per-install plaintext opt-in and
 *   deliberately not disguised (no base64), so nobody mistakes it for protection.
 */
const ENCRYPTED_V1 = 'v1:'
const PLAINTEXT_V1 = 'plain1:'

export interface SealPolicy {
  cipher: SecretCipher
  allowPlaintext: boolean
}

/** True when a secret could be saved right now under this policy. */
export function canSeal(policy: SealPolicy): boolean {
  return policy.cipher.isAvailable() || policy.allowPlaintext
}

export function sealSecret(secret: string, policy: SealPolicy): string {
  // Encrypt whenever possible, even under the opt-in: the opt-in only covers a missing keychain.
  if (policy.cipher.isAvailable()) {
    return ENCRYPTED_V1 + policy.cipher.encrypt(secret).toString('base64')
  }
  if (policy.allowPlaintext) return PLAINTEXT_V1 + secret
  throw encryptionUnavailable(policy.cipher)
}

export function openSecret(sealed: string, cipher: SecretCipher): string {
  if (sealed.startsWith(PLAINTEXT_V1)) return sealed.slice(PLAINTEXT_V1.length)
  if (!sealed.startsWith(ENCRYPTED_V1)) {
    throw new VaultError(
      'unknown_secret_format',
      'A saved secret has a format this version does not know.'
    )
  }
  if (!cipher.isAvailable()) {
    throw new VaultError(
      'decrypt_failed',
      `Saved sign-ins are encrypted, but ${cipher.description} cannot decrypt them right now. ` +
        'Unlock your keychain and try again, or sign in again.'
    )
  }
  try {
    return cipher.decrypt(Buffer.from(sealed.slice(ENCRYPTED_V1.length), 'base64'))
  } catch {
    // The underlying message may echo input; this one never does.
    throw new VaultError(
      'decrypt_failed',
      'A saved sign-in could not be decrypted (the keychain entry changed or is damaged). Sign in again.'
    )
  }
}

export function isPlaintext(sealed: string): boolean {
  return sealed.startsWith(PLAINTEXT_V1)
}

export function encryptionUnavailable(cipher: SecretCipher): VaultError {
  const why =
    cipher.backend === 'basic_text'
      ? 'no secret service (GNOME Keyring, KWallet) was found, so Electron would only obfuscate it with a hard-coded key'
      : `${cipher.description} is not available`
  return new VaultError(
    'encryption_unavailable',
    `Fedivault will not save a sign-in unencrypted: ${why}. Start or install a keyring, ` +
      'or allow plaintext storage in Settings.'
  )
}
