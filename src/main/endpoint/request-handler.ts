import type { IncomingMessage, ServerResponse } from 'node:http'
import { endpointError, type EndpointError } from './errors'
import { refuseDeclaredBody, refuseNonScriptRequest } from './guards'
import type { EndpointLimits } from './limits'
import { answerImport } from './import-route'
import type {
  AccountImporter,
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
  importer?: AccountImporter
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
  if (presented === null || !ctx.matchesSecret(presented)) {
    if (ctx.limiter.recordFailure()) {
      ctx.logger.warn('script access: too many failed authentications, refusing requests', {
        lockoutMs: ctx.limits.failedAuth.lockoutMs
      })
    }
    return sendError(res, endpointError('unauthorized'), { 'www-authenticate': 'Bearer' })
  }

  const oversized = refuseDeclaredBody(req.headers, ctx.limits.maxRequestBodyBytes)
  if (oversized) return sendError(res, oversized, { connection: 'close' })

  const route = routeRequest(method, req.url ?? '/')
  switch (route.kind) {
    case 'refused':
      return sendError(res, route.error)
    case 'accounts': {
      const { accounts } = ctx.accounts.listAccounts()
      return sendJson(res, 200, JSON.stringify({ accounts: accounts.map(accountJson) }))
    }
    case 'token': {
      const lookup = ctx.accounts.tokenFor(route.account)
      return lookup instanceof Promise
        ? lookup.then((answer) => answerToken(ctx, res, route.account, answer))
        : answerToken(ctx, res, route.account, lookup)
    }
    case 'proxy':
      return proxy(ctx, req, res, method, route.handle, route.path)
    case 'import':
      return answerImport(req, res, ctx.importer).then((status) =>
        record(ctx, 'POST /v1/import', undefined, status)
      )
  }
}

function answerToken(
  ctx: RequestContext,
  res: ServerResponse,
  account: string | undefined,
  lookup: TokenLookup
): void {
  const status = lookup.ok ? 200 : endpointError(lookup.error).status
  record(ctx, 'GET /v1/token', lookup.ok ? lookup.grant.handle : account, status)
  if (!lookup.ok) return sendError(res, endpointError(lookup.error))
  sendTokenJson(res, ctx.tokenBodies.body(lookup.grant))
}

async function proxy(
  ctx: RequestContext,
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
    record(ctx, auditRoute, handle, error.status)
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
  record(ctx, auditRoute, lookup.grant.handle, status)
}

/** Route and account only: query strings may carry search terms, and tokens never go here. */
function record(ctx: RequestContext, route: string, account: string | undefined, status: number) {
  ctx.audit.append({ at: ctx.clock.now(), route, ...(account ? { account } : {}), status })
}
