import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http'
import { proxyRoute } from '@shared/http-routes'
import { routeRequest } from './routes'

/** RFC 9110 §7.6.1 connection-specific fields, plus the pre-standard ones still seen in the wild. */
const hopByHop = [
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade'
]

/**
 * Besides hop-by-hop fields: the script's own credentials (our secret, cookies) must never reach
 * the instance, `host` is set from the instance URL, and `expect` is dropped because the endpoint
 * has already answered the client's 100-continue itself.
 */
const droppedRequestHeaders = new Set([
  ...hopByHop,
  'host',
  'authorization',
  'cookie',
  'expect',
  'origin',
  'referer',
  'forwarded',
  'via'
])

/**
 * Cookies would only follow a script around; CORS fields would invite browsers in; Location is
 * rewritten separately; and an instance must not pose as the endpoint refusing something.
 */
const droppedResponseHeaders = new Set([
  ...hopByHop,
  'set-cookie',
  'set-cookie2',
  'location',
  'x-fedivault-error'
])

function connectionListed(headers: IncomingHttpHeaders): Set<string> {
  const value = headers.connection
  if (!value) return new Set()
  return new Set(value.split(',').map((name) => name.trim().toLowerCase()))
}

/** The headers sent to the instance: the script's, cleaned, plus the account's Authorization. */
export function upstreamRequestHeaders(
  incoming: IncomingHttpHeaders,
  authorization: string
): OutgoingHttpHeaders {
  const listed = connectionListed(incoming)
  const out: OutgoingHttpHeaders = {}
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || droppedRequestHeaders.has(name) || listed.has(name)) continue
    if (name.startsWith('x-forwarded-') || name.startsWith('sec-')) continue
    out[name] = value
  }
  out.authorization = authorization
  return out
}

/** The headers relayed back to the script. */
export function clientResponseHeaders(upstream: IncomingHttpHeaders): OutgoingHttpHeaders {
  const listed = connectionListed(upstream)
  const out: OutgoingHttpHeaders = {}
  for (const [name, value] of Object.entries(upstream)) {
    if (value === undefined || droppedResponseHeaders.has(name) || listed.has(name)) continue
    if (name.startsWith('access-control-')) continue
    out[name] = value
  }
  return out
}

/** `Bearer <token>` whatever capitalisation the server used for its token type. */
export function authorizationFor(tokenType: string, accessToken: string): string {
  const type = tokenType.toLowerCase() === 'bearer' || tokenType === '' ? 'Bearer' : tokenType
  return `${type} ${accessToken}`
}

/**
 * Where the script should go instead of an upstream redirect, or null when the target is not this
 * account's /api/. A relative proxy path keeps the script (and its secret) on the endpoint; an
 * absolute upstream URL would tempt it to send the secret to another host.
 */
export function proxiedRedirect(
  location: string,
  requestUrl: URL,
  apiBaseUrl: string,
  handle: string,
  /** The request came to `/api/…` at the endpoint's root (a run key): so does the redirect. */
  root = false
): string | null {
  let target: URL
  try {
    target = new URL(location, requestUrl)
  } catch {
    return null
  }
  const base = new URL(apiBaseUrl)
  if (target.origin !== base.origin) return null
  const prefix = base.pathname.replace(/\/$/, '')
  if (!target.pathname.startsWith(`${prefix}/api/`)) return null
  const apiPath = `${target.pathname.slice(prefix.length)}${target.search}`
  if (root) return routeRequest('GET', apiPath).kind === 'key-proxy' ? apiPath : null
  const proxied = proxyRoute(handle, target.pathname.slice(prefix.length)) + target.search
  // Reuse the router's path rules, so a redirect cannot smuggle in what a script could not.
  return routeRequest('GET', proxied).kind === 'proxy' ? proxied : null
}
