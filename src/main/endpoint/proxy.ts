import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import https from 'node:https'
import { pipeline } from 'node:stream'
import { noBodyDeadline, type BodyDeadline } from './body-deadline'
import { endpointError, type EndpointError } from './errors'
import type { TokenGrant } from './ports'
import {
  authorizationFor,
  clientResponseHeaders,
  proxiedRedirect,
  upstreamRequestHeaders
} from './proxy-headers'
import {
  isEventStream,
  isInstanceDocument,
  maxInstanceDocumentBytes,
  rewriteInstanceDocument,
  rewriteUrlHeaders,
  type PublicBase
} from './proxy-rewrite'

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
  /** Where the client reached the proxy: absolute URLs into the instance's API point there. */
  base: PublicBase
  /** Reached at the endpoint's root (`/api/…`, a run key) rather than `/v1/proxy/<handle>/`. */
  root?: boolean
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

    const headers = upstreamRequestHeaders(
      req.headers,
      authorizationFor(target.grant.tokenType, target.grant.accessToken)
    )
    // The instance document is rewritten on its way back, which a compressed one cannot be.
    if (isInstanceDocument(req.method, target.path)) delete headers['accept-encoding']
    const upstream = transport.request(url, {
      method: req.method,
      headers,
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
        const rewritten = proxiedRedirect(
          location,
          url,
          target.grant.apiBaseUrl,
          target.handle,
          target.root
        )
        if (rewritten) headers.location = rewritten
        else if (status >= 300 && status < 400) {
          answer.destroy()
          return fail(endpointError('upstream_redirect'))
        }
      }
      rewriteUrlHeaders(headers, target.grant.apiBaseUrl, target.base)
      const declared = Number(answer.headers['content-length'] ?? 0)
      if (declared > limits.maxResponseBodyBytes) {
        answer.destroy()
        return fail(endpointError('upstream_too_large'))
      }
      if (status === 200 && isInstanceDocument(req.method, target.path)) {
        settle(status)
        return relayInstanceDocument(answer, res, headers, target.base)
      }
      if (isEventStream(answer.headers['content-type'])) {
        // A stream is silent between events for as long as it likes, and never ends by itself:
        // no idle timeout, no size limit, every event written as it arrives.
        upstream.setTimeout(0)
        res.socket?.setNoDelay(true)
        res.writeHead(status, headers)
        res.flushHeaders()
        settle(status)
        pipeline(answer, res, () => {})
        return
      }
      settle(status)
      relayAnswer(answer, res, status, headers, limits.maxResponseBodyBytes)
    })

    // No body announced (most requests): nothing to relay and no clock to watch.
    if (deadline === noBodyDeadline) {
      req.resume()
      upstream.end()
      return
    }
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
    // The signal outlives this request when the body arrived in time: no listener left on it.
    res.once('close', () => deadline.signal.removeEventListener('abort', onSlowBody))
  })
}

/** The instance document with its streaming URLs rewritten (proxy-rewrite.ts). */
function relayInstanceDocument(
  answer: IncomingMessage,
  res: ServerResponse,
  headers: http.OutgoingHttpHeaders,
  base: PublicBase
): void {
  const chunks: Buffer[] = []
  let size = 0
  let passedThrough = false
  const passThrough = () => {
    // Too large to be an instance document: relayed as it is, from where it had got to.
    passedThrough = true
    answer.off('data', onData)
    res.writeHead(200, headers)
    for (const chunk of chunks) res.write(chunk)
    pipeline(answer, res, () => {})
  }
  const onData = (chunk: Buffer) => {
    chunks.push(chunk)
    size += chunk.length
    if (size > maxInstanceDocumentBytes) passThrough()
  }
  answer.on('data', onData)
  answer.on('error', () => res.destroy())
  answer.on('end', () => {
    if (passedThrough) return
    const raw = Buffer.concat(chunks)
    const encoded = headers['content-encoding'] !== undefined
    const rewritten = encoded ? null : rewriteInstanceDocument(raw.toString('utf8'), base)
    const body = rewritten === null ? raw : Buffer.from(rewritten, 'utf8')
    if (rewritten !== null) delete headers.etag
    res.writeHead(200, { ...headers, 'content-length': body.length })
    res.end(body)
  })
}

/**
 * The instance's answer to the script, within the size limit. By hand rather than with
 * pipeline() and a Transform: on the hot path (a small JSON answer through a run key) those cost
 * an AbortController, a DOMException and a stream per request, more than the relay itself. A small
 * answer whose length is declared is sent in one write, headers and body together.
 */
function relayAnswer(
  answer: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: http.OutgoingHttpHeaders,
  max: number
): void {
  const cut = () => {
    answer.destroy()
    res.destroy()
  }
  answer.on('error', cut)
  answer.on('aborted', cut)
  const declared = Number(answer.headers['content-length'])
  if (Number.isFinite(declared) && declared <= oneWriteBytes) {
    const chunks: Buffer[] = []
    answer.on('data', (chunk: Buffer) => chunks.push(chunk))
    answer.on('end', () => {
      if (res.destroyed) return
      res.writeHead(status, headers)
      res.end(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks))
    })
    return
  }
  res.writeHead(status, headers)
  let seen = 0
  answer.on('data', (chunk: Buffer) => {
    seen += chunk.length
    if (seen > max) return cut()
    if (!res.write(chunk)) answer.pause()
  })
  res.on('drain', () => answer.resume())
  answer.on('end', () => res.end())
}

/** Answers up to this size, with their length declared, are relayed in one write. */
const oneWriteBytes = 64 * 1024
