import type { IncomingMessage } from 'node:http'
import { endpointError, type EndpointError } from './errors'

export type JsonBody = { ok: true; value: unknown } | { ok: false; error: EndpointError }

/**
 * A request body of at most `maxBytes`, parsed as JSON. A larger one is drained unread (so the
 * refusal can still be answered) and refused with `body_too_large`; one that is not JSON, or a
 * request that broke off, with `bad_request`.
 */
export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<JsonBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    let done = false
    const finish = (body: JsonBody) => {
      if (done) return
      done = true
      resolve(body)
    }
    req.on('data', (chunk: Buffer) => {
      if (done) return
      size += chunk.length
      if (size > maxBytes) {
        chunks.length = 0
        req.resume()
        finish({ ok: false, error: endpointError('body_too_large') })
      } else chunks.push(chunk)
    })
    req.on('error', () => finish({ ok: false, error: endpointError('bad_request') }))
    req.on('end', () => {
      try {
        finish({ ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) })
      } catch {
        finish({ ok: false, error: endpointError('bad_request', 'The body must be JSON.') })
      }
    })
  })
}
