import type { EndpointLimits } from './limits'

/**
 * Every refusal the endpoint can answer with. Scripts branch on `error` (stable), people read
 * `message` (says what to do next). The HTTP status is part of the contract too: the CLI maps it
 * to exit codes, and the docs promise 404 / 409 / 423 for the token routes.
 */
export const endpointErrors = {
  bad_request: [400, 'The request could not be understood.'],
  unauthorized: [
    401,
    'Missing or wrong secret. Send "Authorization: Bearer <secret>" with the secret from endpoint.json.'
  ],
  key_revoked: [401, 'This script key was revoked in Fedivault. Ask for a new one.'],
  key_expired: [401, 'This script key has expired. Ask for a new one.'],
  forbidden_host: [
    403,
    'The Host header must be 127.0.0.1:<port> or localhost:<port>; other names are refused.'
  ],
  browser_request: [
    403,
    'Requests from web pages are refused (Origin or Sec-Fetch-Site header present).'
  ],
  preflight_refused: [403, 'Cross-origin requests are not supported.'],
  forbidden_path: [403, 'Only paths under /api/ can be proxied, without "." or ".." segments.'],
  /** The message names what the key lacks (the account, the mode, or key management). */
  key_scope: [403, 'This script key does not allow this request.'],
  not_found: [404, 'No such route. See /v1/accounts, /v1/token and /v1/proxy/<handle>/api/….'],
  unknown_account: [404, 'No account with that handle in Fedivault.'],
  unknown_key: [404, 'No script key with that name.'],
  method_not_allowed: [405, 'This route only answers GET.'],
  /** The answer names the deadlines the endpoint runs with: see slowRequest. */
  request_timeout: [
    408,
    'The request took too long to arrive; the connection is closed. Send the request at once rather than trickling it.'
  ],
  no_active_account: [409, 'No account is active. Pick one in Fedivault or name an account.'],
  key_name_taken: [409, 'A key with that name already exists; choose another or revoke it first.'],
  body_too_large: [413, 'The request body is larger than the endpoint accepts.'],
  needs_reauth: [423, 'This account needs to sign in again in Fedivault.'],
  import_refused: [422, 'The import was refused.'],
  rate_limited: [429, 'Too many failed authentication attempts; try again later.'],
  headers_too_large: [431, 'The request headers are larger than the endpoint accepts.'],
  internal_error: [500, 'Fedivault could not answer this request.'],
  upstream_unreachable: [502, 'The instance could not be reached.'],
  upstream_redirect: [
    502,
    'The instance answered with a redirect that leaves its /api/; Fedivault does not follow it.'
  ],
  upstream_too_large: [502, 'The instance answered with a body larger than the endpoint relays.'],
  upstream_timeout: [504, 'The instance did not answer in time.'],
  /** `fedivault run` keys: the owner's CLI holds at most this many open at once. */
  too_many_run_keys: [
    429,
    'Too many commands are running under `fedivault run` at once; wait for one to end.'
  ],
  websocket_unsupported: [
    501,
    "Fedivault's proxy does not carry WebSocket connections. Use the streaming API over HTTP (text/event-stream): GET /api/v1/streaming/user and the other /api/v1/streaming/… paths."
  ]
} as const satisfies Record<string, readonly [number, string]>

export type EndpointErrorCode = keyof typeof endpointErrors

export interface EndpointError {
  status: number
  code: EndpointErrorCode
  message: string
}

export function endpointError(code: EndpointErrorCode, message?: string): EndpointError {
  const [status, text] = endpointErrors[code]
  return { status, code, message: message ?? text }
}

const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(1))} s`

/** 408 for a request that trickled in, naming the deadlines this endpoint actually runs with. */
export function slowRequest(
  limits: Pick<EndpointLimits, 'headersTimeoutMs' | 'bodyTimeoutMs'>
): EndpointError {
  return endpointError(
    'request_timeout',
    `The request took too long to arrive (headers within ${seconds(limits.headersTimeoutMs)}, then the body within ${seconds(limits.bodyTimeoutMs)}); the connection is closed. Send the request at once rather than trickling it.`
  )
}

/** The JSON body every error response carries. */
export function errorBody(error: EndpointError): string {
  return JSON.stringify({ error: error.code, message: error.message })
}
