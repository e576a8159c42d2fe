/**
 * The slice of the fediverse engine the vault calls after sign-in: checking, refreshing and
 * revoking tokens. Defined here, in the vault's own terms, so the vault can be tested against any
 * server and the engine can change shape behind one adapter (`fediverse-engine-adapter.ts`).
 */

/** An OAuth app registered on one instance (the engine's `RegisteredApp`). */
export interface ClientApp {
  clientId: string
  clientSecret: string
  redirectUris: string[]
  scopes: string[]
  registeredAt: number
}

/** A token response (the engine's `TokenSet`). */
export interface IssuedTokens {
  accessToken: string
  tokenType: string
  scope: string
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

/**
 * The client API an account is used through. `misskey` (the Misskey family, signed in with
 * MiAuth): no app registration, verified with `POST /api/i`, and its token cannot be revoked by
 * Fedivault (PROTOCOL.md §6). Stored records without the field are `mastodon`.
 */
export type AccountApi = 'mastodon' | 'misskey'

export interface AccountServer {
  /**
   * GET /api/v1/accounts/verify_credentials (Misskey: POST /api/i); resolves with the account
   * JSON in the Mastodon shape.
   */
  verifyCredentials(
    apiBaseUrl: string,
    accessToken: string,
    api?: AccountApi
  ): Promise<Record<string, unknown>>
  /** POST /oauth/revoke with the app that issued the token. */
  revokeToken(apiBaseUrl: string, app: ClientApp, accessToken: string): Promise<void>
  /** POST /oauth/token grant_type=refresh_token. */
  refreshToken(
    apiBaseUrl: string,
    app: ClientApp,
    refreshToken: string,
    scopes: string[]
  ): Promise<IssuedTokens>
}

/** Treats anything thrown by an AccountServer that is not an EngineFailure as `failed`. */
export function failureKind(error: unknown): EngineFailureKind {
  return error instanceof EngineFailure ? error.kind : 'failed'
}
