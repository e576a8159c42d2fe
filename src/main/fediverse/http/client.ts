import http from 'node:http'
import https from 'node:https'
import axios, { type AxiosInstance } from 'axios'
import { diedUnanswered } from './pool'

/** Sent as User-Agent on every request the engine makes. */
export const USER_AGENT = 'Fedivault/0.1.0 (fediverse account manager)'

export const DEFAULT_TIMEOUT_MS = 15_000
/** No answer the engine reads is legitimately larger than this (instance documents are ~10 KiB). */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024

export interface HttpClientOptions {
  timeoutMs?: number
  maxResponseBytes?: number
  /** Keep connections open between requests (default true). */
  keepAlive?: boolean
}

/**
 * The engine's default axios instance: keep-alive agents, a timeout, a response size cap, and
 * errors stripped of what they carry about the request (Authorization header, form bodies with
 * passwords and client secrets, the raw socket) before anyone can log them. Redirects are followed
 * by the engine itself (see request.ts), so this instance never follows any.
 */
export function createHttpClient({
  timeoutMs = DEFAULT_TIMEOUT_MS,
  maxResponseBytes = MAX_RESPONSE_BYTES,
  keepAlive = true
}: HttpClientOptions = {}): AxiosInstance {
  const client = axios.create({
    timeout: timeoutMs,
    maxContentLength: maxResponseBytes,
    maxRedirects: 0,
    httpAgent: new http.Agent({ keepAlive, maxSockets: 16 }),
    httpsAgent: new https.Agent({ keepAlive, maxSockets: 16 }),
    headers: { 'User-Agent': USER_AGENT }
  })
  client.interceptors.response.use(undefined, (err: unknown) =>
    Promise.reject(redactAxiosError(err))
  )
  return client
}

const SECRET_FIELDS = /(password|client_secret|token|code|code_verifier)=[^&]*/gi

/** Removes credentials from an axios error in place; keeps what retry decisions need. */
export function redactAxiosError(err: unknown): unknown {
  if (!err || typeof err !== 'object') return err
  const e = err as {
    config?: Record<string, unknown>
    request?: unknown
    response?: { config?: Record<string, unknown>; request?: unknown }
  }
  for (const config of [e.config, e.response?.config]) {
    if (!config) continue
    const headers = config.headers as Record<string, unknown> | undefined
    for (const name of Object.keys(headers ?? {})) {
      if (/^(authorization|cookie)$/i.test(name)) headers![name] = '[redacted]'
    }
    if (typeof config.data === 'string')
      config.data = config.data.replace(SECRET_FIELDS, '$1=[redacted]')
    // The agents hold live sockets whose buffered request text includes the Authorization header.
    delete config.httpAgent
    delete config.httpsAgent
  }
  if (e.request) {
    const req = e.request as { reusedSocket?: boolean }
    // Decided here, while the socket is still reachable: the retry rule needs it (request.ts).
    e.request = { reusedSocket: req.reusedSocket === true, diedUnanswered: diedUnanswered(req) }
  }
  if (e.response) e.response.request = undefined
  return err
}

let shared: AxiosInstance | undefined
/** One process-wide default client, so connections are reused across calls that pass none. */
export function defaultClient(): AxiosInstance {
  shared ??= createHttpClient()
  return shared
}
