import { httpRoutes } from '@shared/http-routes'
import { type Logger } from '../logging/logger'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { authenticate, type AuthContext, type Caller } from './authenticate'
import { announcesBody, noBodyDeadline, watchBody, type BodyDeadline } from './body-deadline'
import { endpointError, slowRequest, type EndpointError } from './errors'
import { refuseDeclaredBody, refuseNonScriptRequest } from './guards'
import { manageKeys } from './key-management'
import { scopeRoute } from './key-scope'
import type { EndpointLimits } from './limits'
import { answerImport } from './import-route'
import type {
  AccountImporter,
  AuditLogStore,
  Clock,
  ScriptAccountSource,
  TokenLookup
} from './ports'
import { forwardToInstance, type UpstreamAgents } from './proxy'
import { publicBase } from './proxy-rewrite'
import { resolveKeyProxy } from './key-proxy'
import { endRunKey, holdRunKey } from './run-key-hold'
import { accountJson, sendError, sendJson, sendTokenJson, tokenAnswer } from './responses'
import { routeRequest } from './routes'

/** How the audit log names the two routes recorded by name. */
const tokenAudit = `GET ${httpRoutes.token}`
const importAudit = `POST ${httpRoutes.import}`
const runKeyAudit = (method: 'POST' | 'DELETE') => `${method} ${httpRoutes.runKeys}`

export interface RequestContext {
  /** Empty until the server knows its port: until then every request is refused. */
  hosts: ReadonlySet<string>
  auth: AuthContext
  accounts: ScriptAccountSource
  audit: AuditLogStore
  clock: Clock
  logger: Logger
  limits: EndpointLimits
  agents: UpstreamAgents
  importer?: AccountImporter
}

/**
 * The pipeline: body clock, guards (who is asking), authentication, size, route. Every route runs
 * after `authenticate`, which is where a request proves who it is.
 */
export function createRequestHandler(ctx: RequestContext) {
  const fail = (res: ServerResponse, error: unknown) => {
    ctx.logger.error('request failed', {
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
  const deadline = announcesBody(req.headers)
    ? watchBody(req, ctx.limits.bodyTimeoutMs, () => cutSlowBody(ctx, req, res))
    : noBodyDeadline

  const refusal = refuseNonScriptRequest(
    { method, headers: req.headers, remoteAddress: req.socket.remoteAddress },
    ctx.hosts
  )
  if (refusal) return sendError(res, refusal)

  const admission = authenticate(ctx.auth, req.headers.authorization)
  if (!admission.ok) {
    if (admission.key) {
      const key: Caller = { kind: 'key', key: admission.key }
      record(ctx, key, `${method} ${pathOf(req)}`, undefined, admission.error.status)
    }
    return sendError(res, admission.error, admission.headers)
  }
  const caller = admission.caller

  const oversized = refuseDeclaredBody(req.headers, ctx.limits.maxRequestBodyBytes)
  if (oversized) return sendError(res, oversized, { connection: 'close' })

  const requested = routeRequest(method, req.url ?? '/')
  const routed =
    requested.kind === 'key-proxy' ? resolveKeyProxy(caller, requested, ctx.accounts) : requested
  if (routed.kind === 'key-proxy') return sendError(res, endpointError('not_found'))
  if (routed.kind === 'refused') {
    // A key refused at the root (it covers several accounts): in its trail like a scope refusal.
    if (caller.kind === 'key' && requested.kind === 'key-proxy') {
      record(ctx, caller, `${method} ${pathOf(req)}`, undefined, routed.error.status)
    }
    return sendError(res, routed.error)
  }
  // A script key's accounts and mode are checked before anything else is done for the request.
  // The secret holder's requests skip it entirely: GET /v1/token is the hot path.
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
      return proxy(ctx, caller, req, res, deadline, route)
    case 'keys':
      return manageKeys(ctx.auth, req, res, route, (status) =>
        record(ctx, caller, `${method} ${pathOf(req)}`, undefined, status)
      )
    case 'import':
      return answerImport(req, res, ctx.importer).then((status) =>
        record(ctx, caller, importAudit, undefined, status)
      )
    case 'run-keys':
      if (route.action === 'end') {
        return endRunKey(
          { ...ctx.auth, accounts: ctx.accounts, clock: ctx.clock },
          res,
          route,
          (status) => record(ctx, caller, runKeyAudit('DELETE'), undefined, status)
        )
      }
      return holdRunKey(
        { keys: ctx.auth.keys, accounts: ctx.accounts, clock: ctx.clock },
        req,
        res,
        (status, account) => record(ctx, caller, runKeyAudit('POST'), account, status)
      )
  }
}

/**
 * A body still trickling in when its time is up: answered 408 and closed if no answer has started
 * yet, otherwise (the route answered without needing the body) the connection is simply cut.
 */
function cutSlowBody(ctx: RequestContext, req: IncomingMessage, res: ServerResponse): void {
  ctx.logger.warn('request body too slow, connection closed', {
    bodyTimeoutMs: ctx.limits.bodyTimeoutMs
  })
  if (res.headersSent) {
    req.socket.destroy()
    return
  }
  sendError(res, slowRequest(ctx.limits), { connection: 'close' })
  req.resume() // discard what still arrives until the socket closes
}

function answerToken(
  ctx: RequestContext,
  caller: Caller,
  res: ServerResponse,
  account: string | undefined,
  lookup: TokenLookup
): void {
  // A slow vault look-up outlived the request's body clock, which already answered 408.
  if (res.headersSent) return record(ctx, caller, tokenAudit, account, res.statusCode)
  // The audit entry is recorded after the answer is on its way: the script need not wait for it.
  if (lookup.ok) {
    sendTokenJson(res, lookup.answer ?? tokenAnswer(lookup.grant))
    record(ctx, caller, tokenAudit, lookup.grant.handle, 200)
  } else {
    const error = endpointError(lookup.error)
    sendError(res, error)
    record(ctx, caller, tokenAudit, account, error.status)
  }
}

async function proxy(
  ctx: RequestContext,
  caller: Caller,
  req: IncomingMessage,
  res: ServerResponse,
  deadline: BodyDeadline,
  { handle, path, root }: { handle: string; path: string; root?: true }
): Promise<void> {
  const auditRoute = `${req.method} ${path.split('?')[0]}`
  const lookup = await ctx.accounts.tokenFor(handle)
  if (deadline.signal.aborted) {
    return record(ctx, caller, auditRoute, handle, endpointError('request_timeout').status)
  }
  if (!lookup.ok) {
    const error: EndpointError = endpointError(lookup.error)
    record(ctx, caller, auditRoute, handle, error.status)
    return sendError(res, error)
  }
  const status = await forwardToInstance(
    req,
    res,
    {
      grant: lookup.grant,
      handle,
      path,
      root,
      // The guards accepted this Host: 127.0.0.1:<port> or localhost:<port>.
      base: publicBase(
        req.headers.host ?? '127.0.0.1',
        root ? '' : `/v1/proxy/${encodeURIComponent(handle).replace(/%40/g, '@')}`
      )
    },
    ctx.limits,
    ctx.agents,
    deadline,
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
  const at = ctx.clock.now()
  const entry = account ? { at, route, account, status } : { at, route, status }
  // The secret holder's entries stay as flat as before keys: this runs on the hot path.
  ctx.audit.append(
    caller.kind === 'key' ? { ...entry, keyId: caller.key.id, key: caller.key.name } : entry
  )
}

function pathOf(req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0] ?? '/'
}
