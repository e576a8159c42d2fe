import type { AxiosInstance, AxiosRequestConfig } from 'axios'
import { FediverseError, type Step } from '../errors'
import { isLoopbackHost } from '../url'
import { DEFAULT_TIMEOUT_MS, MAX_RESPONSE_BYTES, USER_AGENT } from './client'
import { diedUnanswered, dropIdleConnections, freshAgent, poolAgent, watchReuse } from './pool'
import { errorFromResponse, looksLikeHtml, type ErrorContext } from './response-errors'
import { formBody, plainHeaders } from './wire-format'

export interface RequestSpec {
  step: Step
  method: 'GET' | 'POST'
  url: string
  /** Bearer token; sent to this URL's origin only, never to a redirect target elsewhere. */
  token?: string
  /** Sent form-encoded: the one body format every Mastodon-API server accepts. */
  form?: Record<string, string | undefined>
  /** Sent as JSON instead: the Misskey API takes nothing else. */
  json?: Record<string, unknown>
  /**
   * Safe to send once more, on a new connection, when it went out on a pooled keep-alive
   * connection that turned out to be dead before any byte of an answer came back (servers such
   * as snac close connections after every response without saying so; any server drops them
   * when it restarts). GET is always replay-safe; each POST call site says why it is.
   */
  replaySafe?: boolean
  signal?: AbortSignal
}

export interface HttpResponse {
  status: number
  /** Lower-case names. */
  headers: Record<string, string>
  body: string
  /** The URL that produced this response, after redirects. */
  url: string
}

const MAX_REDIRECTS = 5
const RETRYABLE_RESET = new Set(['ECONNRESET', 'EPIPE'])

/**
 * One HTTP exchange through the caller's axios instance, with the engine's rules on top:
 * redirects followed here (Authorization never crosses origins; POST bodies never leave the
 * origin; no https→http downgrade), a timeout and size cap when the client sets none, one retry
 * on a stale keep-alive connection, and every failure turned into a FediverseError.
 */
export async function send(client: AxiosInstance, spec: RequestSpec): Promise<HttpResponse> {
  assertSecure(new URL(spec.url), spec.step)
  let url = spec.url
  let token = spec.token
  for (let hop = 0; ; hop++) {
    const res = await attempt(client, { ...spec, url, token })
    const location = res.headers.location
    if (res.status < 300 || res.status >= 400 || res.status === 304 || !location) return res
    if (hop >= MAX_REDIRECTS) {
      throw new FediverseError({
        code: 'bad_response',
        step: spec.step,
        status: res.status,
        message: 'The server redirected too many times.'
      })
    }
    const next = new URL(location, url)
    const from = new URL(url)
    assertSecure(next, spec.step)
    const crossOrigin = next.origin !== from.origin
    if (spec.method === 'POST' && (crossOrigin || (res.status !== 307 && res.status !== 308))) {
      throw new FediverseError({
        code: 'bad_response',
        step: spec.step,
        status: res.status,
        message: crossOrigin
          ? `The server redirected this request to another server (${next.host}); Fedivault does not send credentials there.`
          : 'The server redirected a form submission, which Fedivault does not follow.'
      })
    }
    if (crossOrigin) token = undefined
    url = next.toString()
  }
}

/** https everywhere; plain http only to loopback hosts (local servers, tests). */
function assertSecure(url: URL, step: Step): void {
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname)))
    return
  throw new FediverseError({
    code: 'insecure_url',
    step,
    message: `Fedivault only talks to servers over https; ${url.protocol}//${url.host} is not allowed.`
  })
}

async function attempt(client: AxiosInstance, spec: RequestSpec): Promise<HttpResponse> {
  const defaults = client.defaults
  const timeoutMs =
    typeof defaults.timeout === 'number' && defaults.timeout > 0
      ? defaults.timeout
      : DEFAULT_TIMEOUT_MS
  const clientCap =
    typeof defaults.maxContentLength === 'number' && defaults.maxContentLength > 0
      ? defaults.maxContentLength
      : Infinity
  const maxBytes = Math.min(clientCap, MAX_RESPONSE_BYTES)
  const replaySafe = spec.method === 'GET' || spec.replaySafe === true
  const target = new URL(spec.url)
  const pool = poolAgent(client, target)
  watchReuse(pool)
  let oneShot: ReturnType<typeof freshAgent>

  for (let tries = 0; ; tries++) {
    // A deadline for the whole exchange: axios' own timeout only notices an idle socket.
    const deadline = AbortSignal.timeout(timeoutMs)
    const signal = spec.signal ? AbortSignal.any([spec.signal, deadline]) : deadline
    const headers: Record<string, string> = { 'User-Agent': USER_AGENT, Accept: 'application/json' }
    if (spec.token) headers.Authorization = `Bearer ${spec.token}`
    let data: string | undefined
    if (spec.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded'
      data = formBody(spec.form)
    } else if (spec.json) {
      headers['Content-Type'] = 'application/json'
      data = JSON.stringify(spec.json)
    }
    const config: AxiosRequestConfig = {
      url: spec.url,
      method: spec.method,
      headers,
      data,
      signal,
      timeout: timeoutMs,
      maxContentLength: maxBytes,
      maxRedirects: 0,
      responseType: 'text',
      transformResponse: [(d: unknown) => d],
      validateStatus: () => true
    }
    if (oneShot) {
      config.httpAgent = oneShot
      config.httpsAgent = oneShot
    }
    try {
      const res = await client.request<string>(config)
      return {
        status: res.status,
        headers: plainHeaders(res.headers),
        body: typeof res.data === 'string' ? res.data : String(res.data ?? ''),
        url: spec.url
      }
    } catch (err) {
      if (tries === 0 && isStaleConnectionReset(err)) {
        dropIdleConnections(pool, target)
        if (replaySafe) {
          // Without a copyable agent the replay goes through the (now emptied) pool.
          oneShot = freshAgent(pool)
          continue
        }
      }
      throw transportError(err, spec, { deadline, maxBytes })
    }
  }
}

interface AxiosLikeError {
  code?: string
  message?: string
  /** The ClientRequest, or what redactAxiosError (client.ts) kept of it. */
  request?: { diedUnanswered?: boolean }
  response?: unknown
  cause?: { code?: string }
}

/**
 * The request went out on a pooled connection the server had already closed: a reset or hang-up
 * with not one byte back. Anything that came back, even half a status line, means the server
 * may have acted on the request, so that is never treated as stale.
 */
function isStaleConnectionReset(err: unknown): boolean {
  const e = err as AxiosLikeError
  if (!e || e.response) return false
  const code = e.code ?? e.cause?.code
  if (!RETRYABLE_RESET.has(code ?? '') && !/socket hang up/i.test(e.message ?? '')) return false
  const req = e.request
  return typeof req?.diedUnanswered === 'boolean' ? req.diedUnanswered : diedUnanswered(req)
}

function transportError(
  err: unknown,
  spec: RequestSpec,
  limits: { deadline: AbortSignal; maxBytes: number }
): FediverseError {
  if (err instanceof FediverseError) return err
  const e = (err ?? {}) as AxiosLikeError
  const code = e.code ?? e.cause?.code ?? ''
  const host = new URL(spec.url).host
  const base = { step: spec.step }
  if (code === 'ERR_CANCELED' || limits.deadline.aborted || spec.signal?.aborted) {
    if (spec.signal?.aborted && !limits.deadline.aborted) {
      return new FediverseError({ ...base, code: 'cancelled', message: 'Cancelled.' })
    }
    return new FediverseError({
      ...base,
      code: 'timeout',
      message: `${host} did not answer in time.`
    })
  }
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
    return new FediverseError({
      ...base,
      code: 'timeout',
      message: `${host} did not answer in time.`
    })
  }
  if (/maxContentLength/i.test(e.message ?? '')) {
    return new FediverseError({
      ...base,
      code: 'bad_response',
      message: `${host} sent a response larger than ${Math.round(limits.maxBytes / 1024 / 1024)} MiB, which is not what a fediverse server sends here.`
    })
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new FediverseError({
      ...base,
      code: 'network',
      message: `Could not find the server ${host}. Check the address and your connection.`
    })
  }
  if (code === 'ECONNREFUSED') {
    return new FediverseError({
      ...base,
      code: 'network',
      message: `${host} refused the connection.`
    })
  }
  if (/CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code)) {
    return new FediverseError({
      ...base,
      code: 'network',
      message: `Could not make a secure connection to ${host} (${code}).`
    })
  }
  return new FediverseError({
    ...base,
    code: 'network',
    message: `The connection to ${host} failed${code ? ` (${code})` : ''}.`
  })
}

/** Parses a 2xx body that must be JSON; a web page there means this is no fediverse API. */
export function readJson(res: HttpResponse, step: Step): unknown {
  const type = res.headers['content-type'] ?? ''
  if (/text\/html/i.test(type) || looksLikeHtml(res.body)) {
    throw new FediverseError({
      code: 'not_fediverse',
      step,
      status: res.status,
      message: `${new URL(res.url).host} answered with a web page where a fediverse server answers with data. It does not look like a fediverse server.`
    })
  }
  try {
    return JSON.parse(res.body)
  } catch {
    throw new FediverseError({
      code: 'bad_response',
      step,
      status: res.status,
      message: `${new URL(res.url).host} sent an answer that is not valid JSON.`
    })
  }
}

/** send + status check + JSON parse: the shape of almost every engine call. */
export async function requestJson(
  client: AxiosInstance,
  spec: RequestSpec,
  ctx: ErrorContext = {}
): Promise<unknown> {
  const res = await send(client, spec)
  if (res.status < 200 || res.status >= 300) throw errorFromResponse(res, spec.step, ctx)
  return readJson(res, spec.step)
}

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
