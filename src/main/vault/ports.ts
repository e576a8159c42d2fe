import type { ApiFamily } from '@shared/domain/api-family'
import type { ClientRegistration } from '../client-registration'

/**
 * What the vault needs from the outside world. Everything is passed in, so the service runs in
 * plain Node with real files; only `src/main/platform/` adapts Electron to these shapes.
 */

/** Encrypts secrets with a key the vault never sees (safeStorage in Electron). */
export interface SecretCipher {
  /** e.g. 'keychain', 'dpapi', 'gnome_libsecret', 'kwallet5', 'basic_text', 'file_key'. */
  readonly backend: string
  /** Human wording for Settings ("macOS Keychain", "test key file — not the OS keychain"). */
  readonly description: string
  /** True when the key is protected by the OS (keychain, DPAPI, Secret Service). */
  readonly protectedByOs: boolean
  /** False when encrypting would not really protect anything (includes Linux `basic_text`). */
  isAvailable(): boolean
  encrypt(plaintext: string): Buffer
  decrypt(ciphertext: Buffer): string
}

/** One JSON document on disk, replaced atomically on every write. */
export interface DocumentStore {
  /** Where the document lives, for Settings and for error messages. */
  readonly location: string
  /**
   * The parsed document, or undefined when none exists yet.
   * Throws {@link UnreadableStoreError} when the file exists but is not JSON.
   */
  read(): unknown
  write(document: unknown): void
  /** Renames the current file out of the way and returns the new path; the next read sees none. */
  moveAside(suffix: string): string
  /** Copies the current file next to itself (before a migration) and returns the copy's path. */
  backup(suffix: string): string
}

export class UnreadableStoreError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UnreadableStoreError'
  }
}

export { systemClock, type Clock } from '../clock'

// The slice of the fediverse engine the vault calls after sign-in: checking, refreshing and
// revoking tokens. Defined here, in the vault's own terms, so the vault can be tested against any
// server and the engine can change shape behind one adapter (`composition/fediverse-account-server.ts`).

/** A token response (the engine's `TokenSet`). */
export interface IssuedTokens {
  accessToken: string
  tokenType: string
  scope: string[]
  refreshToken?: string
  /** Epoch milliseconds. */
  expiresAt?: number
  createdAt: number
}

/**
 * How a server call failed, as far as account status is concerned:
 * - `rejected_token`: the server refused the token (401, 403, snac's 422) → needs re-auth;
 * - `rejected_client`: the server no longer knows our app (`invalid_client`);
 * - `unreachable`: network, timeout, TLS, 5xx → offline, nothing about the token is known;
 * - `failed`: anything else (a response we could not understand).
 */
export type EngineFailureKind = 'rejected_token' | 'rejected_client' | 'unreachable' | 'failed'

export class EngineFailure extends Error {
  constructor(
    readonly kind: EngineFailureKind,
    message: string,
    readonly status?: number
  ) {
    super(message)
    this.name = 'EngineFailure'
  }
}

export interface AccountServer {
  /**
   * GET /api/v1/accounts/verify_credentials (Misskey: POST /api/i); resolves with the account
   * JSON in the Mastodon shape.
   */
  verifyCredentials(
    apiBaseUrl: string,
    accessToken: string,
    /** `misskey`: no app registration, verified with `POST /api/i`, and its token cannot be
     * revoked by Fedivault (PROTOCOL.md §6). */
    api?: ApiFamily
  ): Promise<Record<string, unknown>>
  /** POST /oauth/revoke with the app that issued the token. */
  revokeToken(apiBaseUrl: string, app: ClientRegistration, accessToken: string): Promise<void>
  /** POST /oauth/token grant_type=refresh_token. */
  refreshToken(
    apiBaseUrl: string,
    app: ClientRegistration,
    refreshToken: string,
    scopes: string[]
  ): Promise<IssuedTokens>
}

/** Treats anything thrown by an AccountServer that is not an EngineFailure as `failed`. */
export function failureKind(error: unknown): EngineFailureKind {
  return error instanceof EngineFailure ? error.kind : 'failed'
}
