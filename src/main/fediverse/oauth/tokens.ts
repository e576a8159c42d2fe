import type { AxiosInstance } from 'axios'
import { FediverseError, type Step } from '../errors'
import { defaultClient } from '../http/client'
import { isRecord, requestJson, send } from '../http/request'
import { errorFromResponse, type ErrorContext } from '../http/response-errors'
import { serverInstant } from '../http/server-instant'
import { normalizeInstanceUrl } from '../url'
import { DEFAULT_SCOPES, OOB_REDIRECT_URI } from './register-client'
import { systemClock, type Clock } from '../../clock'

/** Everything the token endpoint said, not just the access token. */
export interface TokenSet {
  accessToken: string
  tokenType: string
  scope: string[]
  /** Pleroma, Akkoma and Pixelfed issue one; Mastodon, GoToSocial, Takahē, snac do not. */
  refreshToken?: string
  /** Epoch ms; absent when the server's tokens do not expire. */
  expiresAt?: number
  /** Epoch ms. */
  createdAt: number
}

interface TokenCall {
  apiBaseUrl: string
  clientId: string
  clientSecret: string
  client?: AxiosInstance
  signal?: AbortSignal
  clock?: Clock
}

/**
 * Client credentials travel in the form body (`client_secret_post`: GoToSocial refuses HTTP Basic)
 * and every request names a `redirect_uri` (GoToSocial refuses a token request without one before
 * it even reads the grant type).
 */
async function tokenRequest(
  call: TokenCall,
  step: Step,
  grant: NonNullable<ErrorContext['grant']>,
  fields: Record<string, string | undefined>,
  software?: string
): Promise<TokenSet> {
  const base = normalizeInstanceUrl(call.apiBaseUrl, step)
  const body = await requestJson(
    call.client ?? defaultClient(),
    {
      step,
      method: 'POST',
      url: `${base}/oauth/token`,
      form: {
        grant_type: grant,
        client_id: call.clientId,
        client_secret: call.clientSecret,
        redirect_uri: OOB_REDIRECT_URI,
        ...fields
      },
      // A replayed token request can only fail (a used code is refused) or mint a second token the
      // first of which nobody ever saw: never a wrong grant.
      replaySafe: true,
      signal: call.signal
    },
    { grant, software }
  )
  return parseTokenResponse(body, (call.clock ?? systemClock).now(), step, base)
}

/**
 * RFC 6749 §5.1 → TokenSet. Expiry is counted from when we received the answer; `created_at` is
 * read in seconds or milliseconds and never believed more than a day away from it.
 */
export function parseTokenResponse(body: unknown, now: number, step: Step, base: string): TokenSet {
  if (!isRecord(body) || typeof body.access_token !== 'string' || !body.access_token) {
    throw new FediverseError({
      code: 'bad_response',
      step,
      message: `${new URL(base).host} answered the token request without a token.`
    })
  }
  // Space-separated (RFC 6749 §3.3); '+' left over from form encoding and ',' are read as well.
  const scope = typeof body.scope === 'string' ? body.scope.split(/[\s+,]+/).filter(Boolean) : []
  const expiresIn = Number(body.expires_in)
  const tokens: TokenSet = {
    accessToken: body.access_token,
    tokenType: typeof body.token_type === 'string' ? body.token_type : 'Bearer',
    scope,
    createdAt: serverInstant(body.created_at, now)
  }
  if (typeof body.refresh_token === 'string' && body.refresh_token)
    tokens.refreshToken = body.refresh_token
  if (Number.isFinite(expiresIn) && expiresIn > 0) tokens.expiresAt = now + expiresIn * 1000
  return tokens
}

/** `grant_type=password`. Mastodon (< 4.4) expects the e-mail address as username. */
export function passwordGrant({
  username,
  password,
  scopes = DEFAULT_SCOPES,
  software,
  ...call
}: TokenCall & {
  username: string
  password: string
  scopes?: readonly string[]
  software?: string
}): Promise<TokenSet> {
  return tokenRequest(
    call,
    'request_token',
    'password',
    { username, password, scope: scopes.join(' ') },
    software
  )
}

/** `grant_type=authorization_code`, with the PKCE verifier when the authorization used a challenge. */
export function exchangeAuthorizationCode({
  code,
  redirectUri = OOB_REDIRECT_URI,
  codeVerifier,
  ...call
}: TokenCall & { code: string; redirectUri?: string; codeVerifier?: string }): Promise<TokenSet> {
  return tokenRequest(call, 'exchange_code', 'authorization_code', {
    code: code.trim(),
    redirect_uri: redirectUri,
    code_verifier: codeVerifier
  })
}

/** `grant_type=refresh_token`; keeps the old refresh token when the server does not rotate it. */
export async function refreshToken({
  refreshToken: current,
  scopes,
  ...call
}: TokenCall & { refreshToken: string; scopes?: readonly string[] }): Promise<TokenSet> {
  const tokens = await tokenRequest(call, 'refresh_token', 'refresh_token', {
    refresh_token: current,
    scope: scopes?.join(' ')
  })
  return { ...tokens, refreshToken: tokens.refreshToken ?? current }
}

/** An app-level token; used to check that a stored app registration still exists. */
export function clientCredentialsGrant({
  scopes = ['read'],
  ...call
}: TokenCall & { scopes?: readonly string[] }): Promise<TokenSet> {
  return tokenRequest(call, 'check_app', 'client_credentials', { scope: scopes.join(' ') })
}

/** `POST /oauth/revoke` (RFC 7009): form-encoded, credentials in the body; unknown tokens are fine. */
export async function revokeToken({
  apiBaseUrl,
  clientId,
  clientSecret,
  token,
  client = defaultClient(),
  signal
}: {
  apiBaseUrl: string
  clientId: string
  clientSecret: string
  token: string
  client?: AxiosInstance
  signal?: AbortSignal
}): Promise<void> {
  const base = normalizeInstanceUrl(apiBaseUrl, 'revoke_token')
  const res = await send(client, {
    step: 'revoke_token',
    method: 'POST',
    url: `${base}/oauth/revoke`,
    form: { client_id: clientId, client_secret: clientSecret, token },
    // Revocation is idempotent: revoking twice is the same as revoking once.
    replaySafe: true,
    signal
  })
  if (res.status < 200 || res.status >= 300) throw errorFromResponse(res, 'revoke_token')
}
