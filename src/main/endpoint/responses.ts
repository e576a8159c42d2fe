import type { AccountSummary } from '@shared/domain/account'
import type { ServerResponse } from 'node:http'
import { errorBody, type EndpointError } from './errors'
import type { TokenAnswer, TokenGrant } from './ports'

/**
 * Headers on every answer the endpoint writes itself: no-store because bodies hold tokens
 * (RFC 6749 §5.1), and deliberately no Access-Control-* ever.
 */
const jsonHeaders = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff'
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: string,
  extra?: Record<string, string>
): void {
  res.writeHead(status, { ...jsonHeaders, 'content-length': Buffer.byteLength(body), ...extra })
  res.end(body)
}

export function sendTokenJson(res: ServerResponse, answer: TokenAnswer): void {
  res.writeHead(200, answer.headers as string[])
  res.end(answer.body)
}

/**
 * `x-fedivault-error` tells a client that the endpoint itself refused, as opposed to an instance
 * answering through the proxy with an error of its own (Mastodon also uses an `error` field).
 */
export function sendError(
  res: ServerResponse,
  error: EndpointError,
  extra?: Record<string, string>
): void {
  sendJson(res, error.status, errorBody(error), { 'x-fedivault-error': error.code, ...extra })
}

/** The same error for a socket whose request never got as far as a ServerResponse. */
export function rawErrorResponse(error: EndpointError, reason: string): string {
  const body = errorBody(error)
  return (
    `HTTP/1.1 ${error.status} ${reason}\r\n` +
    `content-type: ${jsonHeaders['content-type']}\r\n` +
    `content-length: ${Buffer.byteLength(body)}\r\n` +
    `x-fedivault-error: ${error.code}\r\n` +
    'connection: close\r\n\r\n' +
    body
  )
}

/** `GET /v1/accounts` row: snake_case like the Mastodon API scripts already talk to. */
export function accountJson(account: AccountSummary) {
  return {
    id: account.id,
    handle: account.id,
    instance_url: account.apiBaseUrl,
    software: account.software,
    api: account.api ?? 'mastodon',
    display_name: account.displayName,
    avatar: account.avatar ?? null,
    active: account.active,
    status: account.status,
    last_verified_at:
      account.lastVerifiedAt === undefined ? null : new Date(account.lastVerifiedAt).toISOString()
  }
}

/** The `GET /v1/token` answer for a grant, headers included. */
export function tokenAnswer(grant: TokenGrant): TokenAnswer {
  const body = tokenJson(grant)
  return {
    body,
    headers: [
      ...Object.entries(jsonHeaders).flat(),
      'content-length',
      String(Buffer.byteLength(body))
    ]
  }
}

/** `GET /v1/token` body. `expires_at` is ISO 8601 like Mastodon's own timestamps. */
export function tokenJson(grant: TokenGrant): string {
  return JSON.stringify({
    access_token: grant.accessToken,
    token_type: grant.tokenType,
    scope: grant.scopes.join(' '),
    instance_url: grant.apiBaseUrl,
    handle: grant.handle,
    expires_at: grant.expiresAt === null ? null : new Date(grant.expiresAt).toISOString(),
    software: grant.software ?? null,
    api: grant.api ?? 'mastodon'
  })
}
