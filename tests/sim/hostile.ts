import type { IncomingMessage, ServerResponse } from 'node:http'
import { readBody, sendHtml, sendJson } from './http'
import { homePage } from './pages'
import type { Hostility } from './personalities'

/** Bytes `huge-body` streams: far beyond any sane API response (the engine caps at a few MiB). */
export const HUGE_BODY_BYTES = 64 * 1024 * 1024

/** Servers that are not fediverse servers, or are fediverse servers having a very bad day. */
export async function hostileResponse(
  kind: Hostility,
  req: IncomingMessage,
  res: ServerResponse
): Promise<void> {
  switch (kind) {
    case 'html-site':
      await readBody(req).catch(() => '')
      return sendHtml(res, 200, homePage('Example Bakery'))
    case 'rate-limited':
      await readBody(req).catch(() => '')
      return sendJson(
        res,
        429,
        { error: 'Too many requests' },
        {
          'Retry-After': '42',
          'X-RateLimit-Limit': '300',
          'X-RateLimit-Remaining': '0',
          'X-RateLimit-Reset': new Date(Date.now() + 42_000).toISOString()
        }
      )
    case 'black-hole':
      // Accept the request and never answer; the socket stays open until the client gives up.
      return
    case 'broken-json':
      await readBody(req).catch(() => '')
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' })
      res.end('{"links":[{"rel":"http://nodeinfo.diaspora.software/ns/schema/2.0","href":')
      return
    case 'huge-body':
      await readBody(req).catch(() => '')
      return streamHugeBody(res)
  }
}

function streamHugeBody(res: ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' })
  const chunk = Buffer.alloc(64 * 1024, 'a')
  let sent = 0
  res.write('{"padding":"')
  const pump = (): void => {
    while (sent < HUGE_BODY_BYTES) {
      if (res.destroyed) return
      sent += chunk.length
      if (!res.write(chunk)) {
        res.once('drain', pump)
        return
      }
    }
    res.end('"}')
  }
  pump()
}
