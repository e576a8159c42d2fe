import { FediverseError, type Step } from '../errors'
import { deadTokenVerdict } from './dead-token'
import { parseJsonObject } from './wire-format'

export interface ErrorContext {
  /** The grant a token request used: a refused password is `invalid_credentials`, a refused code `invalid_grant`. */
  grant?: 'password' | 'authorization_code' | 'refresh_token' | 'client_credentials'
  /**
   * The request carried a user token the server accepted before, or that is being checked: an
   * answer saying the token is dead (whatever its status: Takahē says it with a 400) is
   * `unauthorized`, and snac's bare 422 too.
   */
  authenticated?: boolean
  /** Server software when known, for hints (Mastodon's password grant wants the e-mail address). */
  software?: string
  now?: number
}

export interface HttpAnswer {
  status: number
  headers: Record<string, string>
  body: string
  url: string
}

export const looksLikeHtml = (body: string): boolean =>
  /^\s*(<!doctype html|<html|<head|<body|<\?xml|<)/i.test(body)

const TWO_FACTOR_HINT =
  'This account uses two-factor authentication, which password sign-in cannot complete. Sign in with the browser instead.'

/**
 * The mapping table from a non-2xx answer to an error code. Pure: the status, the body the server
 * sent and a little context decide; the server's own words are kept in `serverMessage`.
 */
export function errorFromResponse(
  res: HttpAnswer,
  step: Step,
  ctx: ErrorContext = {}
): FediverseError {
  const host = new URL(res.url).host
  const html = /text\/html/i.test(res.headers['content-type'] ?? '') || looksLikeHtml(res.body)
  const parsed = html ? undefined : parseJsonObject(res.body)
  const error = typeof parsed?.error === 'string' ? parsed.error : undefined
  const description =
    typeof parsed?.error_description === 'string' ? parsed.error_description : undefined
  // Takahē labels its one-line answers text/html: plain words are kept whatever the label says.
  const serverMessage =
    description ??
    error ??
    misskeyMessage(parsed) ??
    (looksLikeHtml(res.body) || !res.body.trim() ? undefined : res.body.trim().slice(0, 300))
  const make = (
    code: FediverseError['code'],
    message: string,
    extra: { retryAfterSeconds?: number } = {}
  ) => new FediverseError({ code, step, status: res.status, message, serverMessage, ...extra })

  if (res.status === 429) {
    const retryAfterSeconds = parseRetryAfter(res.headers, ctx.now ?? Date.now())
    return make(
      'rate_limited',
      `${host} is limiting requests right now.${retryAfterSeconds !== undefined ? ` Try again in ${formatSeconds(retryAfterSeconds)}.` : ' Try again later.'}`,
      { retryAfterSeconds }
    )
  }
  if (error === 'unsupported_grant_type' || error === 'invalid_grant_type') {
    return make(
      'unsupported_grant',
      ctx.grant === 'password'
        ? `${host} does not allow password sign-in for apps. Sign in with the browser instead.`
        : `${host} does not support this kind of sign-in.`
    )
  }
  if (error === 'mfa_required') return make('unsupported_grant', TWO_FACTOR_HINT)
  if (error === 'invalid_client') {
    return make('invalid_client', `${host} no longer knows this app registration.`)
  }
  if (
    ctx.grant === 'password' &&
    (error === 'invalid_grant' || /invalid credentials/i.test(error ?? ''))
  ) {
    const who = ctx.software === 'mastodon' ? 'e-mail address' : 'username'
    return make(
      'invalid_credentials',
      `The ${who} or password is not right. If this account uses two-factor authentication, password sign-in cannot work: sign in with the browser instead.`
    )
  }
  if (error === 'invalid_grant') {
    return make(
      'invalid_grant',
      ctx.grant === 'refresh_token'
        ? `${host} refused to renew the sign-in. Sign in again.`
        : `${host} refused the authorization code: it was already used, expired, or belongs to another sign-in. Start the sign-in again.`
    )
  }
  const signedOut = (): FediverseError =>
    make('unauthorized', `${host} did not accept the sign-in: it was revoked or has expired.`)
  const verdict = ctx.authenticated ? deadTokenVerdict(res) : undefined
  if (verdict === 'account_suspended') {
    return make('forbidden', `${host} says this account is suspended or disabled.`)
  }
  if (verdict === 'token_rejected' || res.status === 401) return signedOut()
  if (res.status === 403) {
    return make('forbidden', `${host} refused: ${serverMessage ?? 'access denied'}.`)
  }
  // snac answers a missing or revoked token with an empty 422; Mastodon says the method needs a user.
  if (res.status === 422 && ctx.authenticated) return signedOut()
  if (res.status >= 500)
    return make('server_error', `${host} had a problem (HTTP ${res.status}). Try again later.`)
  if (html && (res.status === 404 || res.status === 405 || res.status === 200)) {
    return make(
      'not_fediverse',
      `${host} does not offer the Mastodon client API that Fedivault signs in with.`
    )
  }
  if (isMisskeyError(parsed)) {
    return make(
      'unsupported_server',
      `${host} runs software without the Mastodon client API (Misskey-style), which Fedivault cannot sign in to.`
    )
  }
  if (res.status === 404 || res.status === 405 || res.status === 410 || res.status === 501) {
    return make(
      'unsupported_server',
      `${host} does not offer this part of the Mastodon client API (HTTP ${res.status}).`
    )
  }
  return make(
    'unsupported_server',
    `${host} refused the request (HTTP ${res.status})${serverMessage ? `: ${serverMessage}` : ''}.`
  )
}

function misskeyMessage(body: Record<string, unknown> | undefined): string | undefined {
  const e = body?.error
  const message = e && typeof e === 'object' ? (e as { message?: unknown }).message : undefined
  return typeof message === 'string' && message.trim() ? message.trim() : undefined
}

/** Misskey's error bodies are `{"error": {"code": "...", "id": "..."}}`: an object, not a string. */
function isMisskeyError(body: Record<string, unknown> | undefined): boolean {
  const e = body?.error
  return typeof e === 'object' && e !== null && 'code' in e && 'id' in e
}

/** `Retry-After` in seconds or as an HTTP date; else Mastodon's ISO-8601 `X-RateLimit-Reset`. */
export function parseRetryAfter(headers: Record<string, string>, now: number): number | undefined {
  const retryAfter = headers['retry-after']?.trim()
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) return Number(retryAfter)
    const at = Date.parse(retryAfter)
    if (!Number.isNaN(at)) return Math.max(0, Math.ceil((at - now) / 1000))
  }
  const reset = headers['x-ratelimit-reset']?.trim()
  if (reset) {
    const at = /^\d+$/.test(reset) ? Number(reset) * 1000 : Date.parse(reset)
    if (!Number.isNaN(at)) return Math.max(0, Math.ceil((at - now) / 1000))
  }
  return undefined
}

function formatSeconds(s: number): string {
  if (s < 90) return `${s} seconds`
  return `${Math.ceil(s / 60)} minutes`
}
