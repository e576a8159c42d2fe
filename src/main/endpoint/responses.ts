import type { AccountSummary } from '@shared/domain/account'
import type { ServerResponse } from 'node:http'
import { errorBody, type EndpointError } from './errors'
import type { TokenGrant } from './ports'

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

/** A token answer, headers included, built once per token: `GET /v1/token` is the hot path. */
export interface TokenAnswer {
  body: string
  headers: readonly string[]
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
    instance_url: account.instanceUrl,
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

/**
 * Remembers the last body written for each account: scripts poll `GET /v1/token` for the same
 * token over and over, and serialising it again each time was a measurable part of the route.
 */
export class TokenBodies {
  private readonly answers = new Map<string, TokenAnswer & { grant: TokenGrant }>()

  answer(grant: TokenGrant): TokenAnswer {
    const cached = this.answers.get(grant.handle)
    if (cached && sameGrant(cached.grant, grant)) return cached
    const body = tokenJson(grant)
    const headers = [
      ...Object.entries(jsonHeaders).flat(),
      'content-length',
      String(Buffer.byteLength(body))
    ]
    const answer = { grant: { ...grant }, body, headers }
    // Bounded by the number of accounts; a removed account's entry goes with the next launch.
    this.answers.set(grant.handle, answer)
    return answer
  }

  body(grant: TokenGrant): string {
    return this.answer(grant).body
  }
}

function sameGrant(a: TokenGrant, b: TokenGrant): boolean {
  return (
    a.accessToken === b.accessToken &&
    a.tokenType === b.tokenType &&
    a.scope === b.scope &&
    a.instanceUrl === b.instanceUrl &&
    a.expiresAt === b.expiresAt &&
    a.software === b.software &&
    a.api === b.api
  )
}

/** `GET /v1/token` body. `expires_at` is ISO 8601 like Mastodon's own timestamps. */
export function tokenJson(grant: TokenGrant): string {
  return JSON.stringify({
    access_token: grant.accessToken,
    token_type: grant.tokenType,
    scope: grant.scope,
    instance_url: grant.instanceUrl,
    handle: grant.handle,
    expires_at: grant.expiresAt === null ? null : new Date(grant.expiresAt).toISOString(),
    software: grant.software ?? null,
    api: grant.api ?? 'mastodon'
  })
}
