import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ScriptKeyRegistry } from '../script-keys'
import { identifyCaller, scopeRoute, type Caller } from './caller'
import { endpointError, type EndpointError } from './errors'
import { manageKeys } from './key-management'
import { refuseDeclaredBody, refuseNonScriptRequest } from './guards'
import type { EndpointLimits } from './limits'
import type {
  AuditLogStore,
  Clock,
  EndpointLogger,
  ScriptAccountSource,
  TokenLookup
} from './ports'
import { forwardToInstance, type UpstreamAgents } from './proxy'
import type { FailedAuthLimiter } from './rate-limiter'
import { accountJson, sendError, sendJson, sendTokenJson, TokenBodies } from './responses'
import { routeRequest } from './routes'
import { bearerCredential } from './secret'

export interface RequestContext {
  /** Empty until the server knows its port: until then every request is refused. */
  hosts: ReadonlySet<string>
  matchesSecret(presented: string): boolean
  limiter: FailedAuthLimiter
  accounts: ScriptAccountSource
  audit: AuditLogStore
  clock: Clock
  logger: EndpointLogger
  limits: EndpointLimits
  agents: UpstreamAgents
  tokenBodies: TokenBodies
  /** Script keys; without them only the owner's secret is accepted. */
  keys?: ScriptKeyRegistry
}

/** Guards in order (who is asking, are they locked out, do they know the secret), then routes. */
export function createRequestHandler(ctx: RequestContext) {
  const fail = (res: ServerResponse, error: unknown) => {
    ctx.logger.error('script access: request failed', {
      error: error instanceof Error ? error.name : 'unknown'
    })
    if (!res.headersSent) sendError(res, endpointError('internal_error'))
    else res.destroy()
  }
  return (req: IncomingMessage, res: ServerResponse): void => {
    try {
      const pending = handle(ctx, req, res)
      if (pending) pending.catch((error: unknown) => fail(res, error))
    } catch (error) {
      fail(res, error)
    }
  }
}

/**
 * Synchronous unless the account source answers with a promise: `GET /v1/token` is the hot path,
 * and answering within the parser's callback lets Node write the response in one go.
 */
function handle(
  ctx: RequestContext,
  req: IncomingMessage,
  res: ServerResponse
): void | Promise<void> {
  const method = req.method ?? 'GET'
  const refusal = refuseNonScriptRequest(
    { method, headers: req.headers, remoteAddress: req.socket.remoteAddress },
    ctx.hosts
  )
  if (refusal) return sendError(res, refusal)

  const waitMs = ctx.limiter.retryAfterMs()
  if (waitMs > 0) {
    return sendError(res, endpointError('rate_limited'), {
      'retry-after': String(Math.ceil(waitMs / 1000))
    })
  }
  const presented = bearerCredential(req.headers.authorization)
  const caller = presented === null ? null : identifyCaller(ctx.matchesSecret, ctx.keys, presented)
  if (caller === null) {
    if (ctx.limiter.recordFailure()) {
      ctx.logger.warn('script access: too many failed authentications, refusing requests', {
        lockoutMs: ctx.limits.failedAuth.lockoutMs
      })
    }
    return sendError(res, endpointError('unauthorized'), { 'www-authenticate': 'Bearer' })
  }
  if (caller.kind === 'refused') {
    record(ctx, { kind: 'key', key: caller.key }, `${method} ${pathOf(req)}`, undefined, 401)
    return sendError(res, caller.error, { 'www-authenticate': 'Bearer error="invalid_token"' })
  }

  const oversized = refuseDeclaredBody(req.headers, ctx.limits.maxRequestBodyBytes)
  if (oversized) return sendError(res, oversized, { connection: 'close' })

  const routed = routeRequest(method, req.url ?? '/')
  if (routed.kind === 'refused') return sendError(res, routed.error)
  // A script key's accounts and mode are checked before anything else is done for the request.
  // The owner's requests skip it entirely: GET /v1/token is the hot path.
  const scoped = caller.kind === 'key' ? scopeRoute(caller, routed, method, ctx.accounts) : null
  if (scoped && !scoped.ok) {
    record(ctx, caller, `${method} ${pathOf(req)}`, scoped.account, scoped.error.status)
    return sendError(res, scoped.error)
  }
  const route = scoped ? scoped.route : routed
  switch (route.kind) {
    case 'accounts': {
      const { accounts } = ctx.accounts.listAccounts()
      const shown = scoped ? accounts.filter((a) => scoped.visible(a.id)) : accounts
      return sendJson(res, 200, JSON.stringify({ accounts: shown.map(accountJson) }))
    }
    case 'token': {
      const lookup = ctx.accounts.tokenFor(route.account)
      return lookup instanceof Promise
        ? lookup.then((answer) => answerToken(ctx, caller, res, route.account, answer))
        : answerToken(ctx, caller, res, route.account, lookup)
    }
    case 'proxy':
      return proxy(ctx, caller, req, res, method, route.handle, route.path)
    case 'keys':
      return manageKeys(ctx, req, res, route, (status) =>
        record(ctx, caller, `${method} ${pathOf(req)}`, undefined, status)
      )
  }
}

function answerToken(
  ctx: RequestContext,
  caller: Caller,
  res: ServerResponse,
  account: string | undefined,
  lookup: TokenLookup
): void {
  const status = lookup.ok ? 200 : endpointError(lookup.error).status
  record(ctx, caller, 'GET /v1/token', lookup.ok ? lookup.grant.handle : account, status)
  if (!lookup.ok) return sendError(res, endpointError(lookup.error))
  sendTokenJson(res, ctx.tokenBodies.body(lookup.grant))
}

async function proxy(
  ctx: RequestContext,
  caller: Caller,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  handle: string,
  path: string
): Promise<void> {
  const auditRoute = `${method} ${path.split('?')[0]}`
  const lookup = await ctx.accounts.tokenFor(handle)
  if (!lookup.ok) {
    const error: EndpointError = endpointError(lookup.error)
    record(ctx, caller, auditRoute, handle, error.status)
    return sendError(res, error)
  }
  const status = await forwardToInstance(
    req,
    res,
    { grant: lookup.grant, handle, path },
    ctx.limits,
    ctx.agents,
    (error, headers) => sendError(res, error, headers)
  )
  record(ctx, caller, auditRoute, lookup.grant.handle, status)
}

/** Route and account only: query strings may carry search terms, and tokens never go here. */
function record(
  ctx: RequestContext,
  caller: Caller,
  route: string,
  account: string | undefined,
  status: number
) {
  ctx.audit.append({
    at: ctx.clock.now(),
    route,
    ...(account ? { account } : {}),
    status,
    ...(caller.kind === 'key' ? { keyId: caller.key.id, key: caller.key.name } : {})
  })
}

function pathOf(req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0] ?? '/'
}
