import { FediverseError, type Step } from '../errors'
import type { HttpResponse } from '../http/request'
import { errorFromResponse, parseRetryAfter } from '../http/response-errors'

interface MisskeyErrorBody {
  code: string
  message?: string
  kind?: string
}

/** `{ error: { code, message, id, kind } }`, Misskey's one error shape. */
export function readMisskeyError(body: string): MisskeyErrorBody | undefined {
  try {
    const e = (JSON.parse(body) as { error?: unknown }).error
    if (!e || typeof e !== 'object' || typeof (e as { code?: unknown }).code !== 'string')
      return undefined
    const { code, message, kind } = e as Record<string, unknown>
    return {
      code: code as string,
      message: typeof message === 'string' ? message : undefined,
      kind: typeof kind === 'string' ? kind : undefined
    }
  } catch {
    return undefined
  }
}

/**
 * A non-2xx answer of the Misskey API as a FediverseError, with the codes the Mastodon path uses:
 * AUTHENTICATION_FAILED (or `error="invalid_token"`) → unauthorized, PERMISSION_DENIED →
 * forbidden, RATE_LIMIT_EXCEEDED → rate_limited with Retry-After. The server's words stay in
 * `serverMessage`. Anything not in Misskey's shape goes through the general table.
 */
export function misskeyErrorFromResponse(
  res: HttpResponse,
  step: Step,
  now = Date.now()
): FediverseError {
  const e = readMisskeyError(res.body)
  const challenge = /error="([^"]+)"/.exec(res.headers['www-authenticate'] ?? '')?.[1]
  if (!e && res.status !== 429 && !challenge) return errorFromResponse(res, step, { now })
  const host = new URL(res.url).host
  const serverMessage = e?.message ?? e?.code
  const make = (code: FediverseError['code'], message: string, retryAfterSeconds?: number) =>
    new FediverseError({
      code,
      step,
      status: res.status,
      message,
      ...(serverMessage ? { serverMessage } : {}),
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {})
    })

  if (res.status === 429 || e?.code === 'RATE_LIMIT_EXCEEDED') {
    const wait = parseRetryAfter(res.headers, now)
    return make(
      'rate_limited',
      `${host} is limiting requests right now. ${wait !== undefined ? `Try again in ${wait} seconds.` : 'Try again later.'}`,
      wait
    )
  }
  if (e?.code === 'AUTHENTICATION_FAILED' || challenge === 'invalid_token' || res.status === 401)
    return make(
      'unauthorized',
      `${host} did not accept the sign-in: it was revoked or has expired.`
    )
  if (e?.code === 'PERMISSION_DENIED' || challenge === 'insufficient_scope' || res.status === 403)
    return make(
      'forbidden',
      `${host} refused: Fedivault's sign-in does not have the permission this needs.`
    )
  if (res.status >= 500)
    return make('server_error', `${host} had a problem (HTTP ${res.status}). Try again later.`)
  if (e?.code === 'UNKNOWN_API_ENDPOINT')
    return make('unsupported_server', `${host} does not offer this part of the Misskey API.`)
  return make(
    'unsupported_server',
    `${host} refused the request (HTTP ${res.status}${e ? ` ${e.code}` : ''}).`
  )
}
