import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import https from 'node:https'
import { Transform, pipeline } from 'node:stream'
import type { BodyDeadline } from './body-deadline'
import { endpointError, type EndpointError } from './errors'
import type { TokenGrant } from './ports'
import {
  authorizationFor,
  clientResponseHeaders,
  proxiedRedirect,
  upstreamRequestHeaders
} from './proxy-headers'

export interface ProxyLimits {
  maxRequestBodyBytes: number
  maxResponseBodyBytes: number
  upstreamIdleTimeoutMs: number
}

export interface UpstreamAgents {
  http: http.Agent
  https: https.Agent
}

export interface ProxyTarget {
  grant: TokenGrant
  handle: string
  /** Starts with `/api/`, query included, as routed. */
  path: string
}

type SendError = (error: EndpointError, headers?: Record<string, string>) => void

/**
 * Forwards one request to the account's instance and streams the answer back. Redirects are never
 * followed (node:http does not follow them); a redirect within the account's /api/ is rewritten to
 * the proxy path, any other one becomes a 502. Resolves with the status the script received.
 */
export function forwardToInstance(
  req: IncomingMessage,
  res: ServerResponse,
  target: ProxyTarget,
  limits: ProxyLimits,
  agents: UpstreamAgents,
  deadline: BodyDeadline,
  sendError: SendError
): Promise<number> {
  return new Promise((resolve) => {
    let settled = false
    const settle = (status: number) => {
      if (!settled) resolve(status)
      settled = true
    }
    // Only the first failure answers: destroying the upstream request to stop it raises a second
    // one, and once the instance's answer is streaming, pipeline() cuts the response instead.
    const fail = (error: EndpointError, headers?: Record<string, string>) => {
      if (settled) return
      sendError(error, headers)
      settle(error.status)
    }

    const url = new URL(target.grant.apiBaseUrl.replace(/\/+$/, '') + target.path)
    const transport = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : null
    if (!transport) return fail(endpointError('upstream_unreachable', 'Unsupported instance URL.'))

    const upstream = transport.request(url, {
      method: req.method,
      headers: upstreamRequestHeaders(
        req.headers,
        authorizationFor(target.grant.tokenType, target.grant.accessToken)
      ),
      agent: url.protocol === 'https:' ? agents.https : agents.http,
      timeout: limits.upstreamIdleTimeoutMs
    })

    upstream.on('timeout', () => {
      upstream.destroy()
      fail(endpointError('upstream_timeout'))
    })
    upstream.on('error', () => fail(endpointError('upstream_unreachable')))
    // A script that hangs up should not leave a request running on the instance.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy()
    })

    upstream.on('response', (answer) => {
      const status = answer.statusCode ?? 502
      const headers = clientResponseHeaders(answer.headers)
      const location = answer.headers.location
      if (location !== undefined) {
        const rewritten = proxiedRedirect(location, url, target.grant.apiBaseUrl, target.handle)
        if (rewritten) headers.location = rewritten
        else if (status >= 300 && status < 400) {
          answer.destroy()
          return fail(endpointError('upstream_redirect'))
        }
      }
      const declared = Number(answer.headers['content-length'] ?? 0)
      if (declared > limits.maxResponseBodyBytes) {
        answer.destroy()
        return fail(endpointError('upstream_too_large'))
      }
      res.writeHead(status, headers)
      settle(status)
      pipeline(answer, byteLimit(limits.maxResponseBodyBytes), res, () => {
        // Errors here mean one side hung up mid-stream; pipeline has already destroyed both.
      })
    })

    // Piped by hand rather than with pipeline(): pipeline would destroy the incoming request on
    // an oversized body, and with it the socket the 413 must be written to.
    let received = 0
    const onData = (chunk: Buffer) => {
      received += chunk.length
      if (received > limits.maxRequestBodyBytes) {
        req.off('data', onData)
        req.resume() // discard the rest
        upstream.destroy()
        return fail(endpointError('body_too_large'), { connection: 'close' })
      }
      if (!upstream.write(chunk)) {
        // The instance is slower than the script: not the script's time that passes now.
        req.pause()
        deadline.hold()
      }
    }
    req.on('data', onData)
    upstream.on('drain', () => {
      deadline.release()
      req.resume()
    })
    req.on('end', () => {
      if (received <= limits.maxRequestBodyBytes) upstream.end()
    })
    // The body took too long: the caller answers 408; the instance must not get half a request.
    const onSlowBody = () => {
      req.off('data', onData)
      upstream.destroy()
      settle(endpointError('request_timeout').status)
    }
    deadline.signal.addEventListener('abort', onSlowBody, { once: true })
    // Requests without a body share one signal: a listener left on it would pile up.
    res.once('close', () => deadline.signal.removeEventListener('abort', onSlowBody))
  })
}

function byteLimit(max: number): Transform {
  let seen = 0
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length
      if (seen > max) callback(new Error(endpointError('upstream_too_large').message))
      else callback(null, chunk)
    }
  })
}
