import { DomainError } from '../domain-error'

export type FediverseErrorCode =
  | 'invalid_url'
  | 'insecure_url'
  | 'network'
  | 'timeout'
  | 'not_fediverse'
  | 'unsupported_server'
  | 'unsupported_grant'
  | 'invalid_credentials'
  | 'invalid_grant'
  | 'invalid_client'
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'server_error'
  | 'bad_response'
  /** The caller cancelled the operation (a sign-in flow was abandoned). */
  | 'cancelled'

/** The step that failed: the UI says "registering the app failed", not just "failed". */
export type Step =
  | 'parse_input'
  | 'resolve_handle'
  | 'discover'
  | 'nodeinfo'
  | 'instance'
  | 'oauth_metadata'
  | 'register_app'
  | 'check_app'
  | 'authorize'
  | 'request_token'
  | 'exchange_code'
  | 'refresh_token'
  | 'revoke_token'
  | 'verify_credentials'
  | 'waiting_for_browser'

export interface FediverseErrorInit {
  code: FediverseErrorCode
  step: Step
  message: string
  status?: number
  retryAfterSeconds?: number
  /** The server's own words (`error_description`, `error`), never anything we sent. */
  serverMessage?: string
}

/**
 * Every failure of the engine. Deliberately carries no `cause`: an axios error holds the request
 * config (Authorization header, form body with passwords and client secrets) and must not travel
 * to a logger.
 */
export class FediverseError extends DomainError<FediverseErrorCode> {
  readonly code: FediverseErrorCode
  override readonly step: Step
  readonly status?: number
  declare readonly retryAfterSeconds?: number
  readonly serverMessage?: string

  constructor(init: FediverseErrorInit) {
    super(init.message)
    this.name = 'FediverseError'
    this.code = init.code
    this.step = init.step
    if (init.status !== undefined) this.status = init.status
    if (init.retryAfterSeconds !== undefined) this.retryAfterSeconds = init.retryAfterSeconds
    if (init.serverMessage !== undefined) this.serverMessage = init.serverMessage
  }
}

export const isFediverseError = (e: unknown, code?: FediverseErrorCode): e is FediverseError =>
  e instanceof FediverseError && (code === undefined || e.code === code)
