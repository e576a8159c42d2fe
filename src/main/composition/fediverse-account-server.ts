import type { AxiosInstance } from 'axios'
import { verifyCredentials } from '../fediverse/account'
import { FediverseError, type FediverseErrorCode } from '../fediverse/errors'
import { verifyMisskeyAccount } from '../fediverse/misskey/user'
import { refreshToken, revokeToken } from '../fediverse/oauth/tokens'
import {
  EngineFailure,
  type AccountServer,
  type EngineFailureKind,
  type IssuedTokens
} from '../vault/ports'

const KIND: Partial<Record<FediverseErrorCode, EngineFailureKind>> = {
  unauthorized: 'rejected_token', // 401, Pleroma's 403 "Invalid credentials", snac's 422
  forbidden: 'rejected_token', // Mastodon's account-state 403s: disabled, unconfirmed, pending
  invalid_grant: 'rejected_token', // a refused refresh token
  invalid_credentials: 'rejected_token',
  invalid_client: 'rejected_client',
  network: 'unreachable',
  timeout: 'unreachable',
  server_error: 'unreachable',
  rate_limited: 'unreachable'
}

/** The vault's AccountServer port over the fediverse engine. */
export function fediverseAccountServer(client?: AxiosInstance): AccountServer {
  return {
    verifyCredentials: (apiBaseUrl, accessToken, api = 'mastodon') =>
      translate(
        (api === 'misskey' ? verifyMisskeyAccount : verifyCredentials)({
          apiBaseUrl,
          accessToken,
          client
        }),
        [accessToken]
      ),

    revokeToken: (apiBaseUrl, app, accessToken) =>
      translate(
        revokeToken({
          apiBaseUrl,
          clientId: app.clientId,
          clientSecret: app.clientSecret,
          token: accessToken,
          client
        }),
        [accessToken, app.clientSecret]
      ),

    refreshToken: (apiBaseUrl, app, refresh, scopes): Promise<IssuedTokens> =>
      translate(
        refreshToken({
          apiBaseUrl,
          clientId: app.clientId,
          clientSecret: app.clientSecret,
          refreshToken: refresh,
          scopes,
          client
        }),
        [refresh, app.clientSecret]
      )
  }
}

async function translate<T>(call: Promise<T>, secrets: string[]): Promise<T> {
  try {
    return await call
  } catch (error) {
    throw toEngineFailure(error, secrets)
  }
}

/**
 * The status line shows the server's own words or the HTTP status, never our message about it;
 * anything that echoes a secret we sent is dropped (a hostile server could reflect the token).
 */
export function toEngineFailure(error: unknown, secrets: readonly string[] = []): EngineFailure {
  if (!(error instanceof FediverseError)) return new EngineFailure('failed', 'unexpected error')
  const kind = KIND[error.code] ?? 'failed'
  const words = error.serverMessage?.trim()
  const detail =
    kind === 'unreachable' && error.status === undefined
      ? error.code
      : [error.status && `HTTP ${error.status}`, words].filter(Boolean).join(': ') || error.code
  const safe = secrets.some((s) => s && detail.includes(s)) ? error.code : detail.slice(0, 200)
  return new EngineFailure(kind, safe, error.status)
}
