import { DomainError } from '../domain-error'

/**
 * Every refusal the vault makes has a stable code the UI can explain (and the IPC layer can pass
 * through as is). Messages say what to do next and never contain a token or secret.
 */
export type VaultErrorCode =
  /** No OS-protected encryption (or Linux `basic_text`) and no plaintext opt-in. */
  | 'encryption_unavailable'
  /** A saved secret could not be decrypted (the keychain changed or the entry is damaged). */
  | 'decrypt_failed'
  /** add() was given something that is not a verified sign-in. */
  | 'unverified_account'
  | 'not_found'
  | 'no_active_account'
  | 'pending_removal'
  | 'invalid_order'
  | 'invalid_settings'
  /** Turning the plaintext opt-in off while secrets are still stored in plaintext. */
  | 'plaintext_secrets_present'
  /** The store was written by a newer Fedivault; it is opened read-only. */
  | 'store_from_newer_version'
  /** The store could not be opened or migrated; it is opened read-only. */
  | 'store_read_only'
  | 'unknown_secret_format'

export class VaultError extends DomainError<VaultErrorCode> {
  constructor(
    readonly code: VaultErrorCode,
    message: string
  ) {
    super(message)
    this.name = 'VaultError'
  }
}
