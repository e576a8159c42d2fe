import type { IncomingHttpHeaders } from 'node:http'
import { endpointError, type EndpointError } from './errors'

/** The only Host values a legitimate local script sends; anything else may be DNS rebinding. */
export function allowedHosts(port: number): ReadonlySet<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`])
}

const loopbackAddresses = new Set(['127.0.0.1', '::ffff:127.0.0.1', '::1'])

export interface RequestFacts {
  method: string
  headers: IncomingHttpHeaders
  remoteAddress: string | undefined
}

/**
 * Refuses anything that is not a local script, before the secret is even looked at. A web page
 * can make a browser send requests to 127.0.0.1, but it cannot hide its Origin / Sec-Fetch-Site
 * headers, and through DNS rebinding it can only reach us under its own host name.
 */
export function refuseNonScriptRequest(
  request: RequestFacts,
  hosts: ReadonlySet<string>
): EndpointError | null {
  const { headers } = request
  // The socket is bound to 127.0.0.1, so this only matters if that ever changes.
  if (!request.remoteAddress || !loopbackAddresses.has(request.remoteAddress)) {
    return endpointError('forbidden_host', 'Only connections from this computer are accepted.')
  }
  const host = headers.host?.toLowerCase()
  if (!host || !hosts.has(host)) return endpointError('forbidden_host')
  if (request.method === 'OPTIONS' && headers['access-control-request-method'] !== undefined) {
    return endpointError('preflight_refused')
  }
  if (headers.origin !== undefined || headers['sec-fetch-site'] !== undefined) {
    return endpointError('browser_request')
  }
  return null
}

/** Refuses a declared body above the limit before any of it is read or forwarded. */
export function refuseDeclaredBody(
  headers: IncomingHttpHeaders,
  maxBodyBytes: number
): EndpointError | null {
  const declared = headers['content-length']
  if (declared === undefined) return null
  const length = Number(declared)
  if (!Number.isSafeInteger(length) || length < 0) return endpointError('bad_request')
  return length > maxBodyBytes ? endpointError('body_too_large') : null
}
