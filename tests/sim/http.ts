import type { IncomingMessage, ServerResponse } from 'node:http'

/** Body of a request as the simulated server parsed it: form and JSON bodies both end up here. */
export interface ParsedBody {
  kind: 'form' | 'json' | 'none' | 'other'
  fields: Record<string, unknown>
  raw: string
}

export async function readBody(req: IncomingMessage, limit = 1 << 20): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) throw new Error('request body too large')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

export function parseBody(contentType: string | undefined, raw: string): ParsedBody {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
  if (raw.length === 0) return { kind: 'none', fields: {}, raw }
  if (type === 'application/x-www-form-urlencoded') {
    const fields: Record<string, unknown> = {}
    for (const [k, v] of new URLSearchParams(raw)) {
      // Rails-style `redirect_uris[]=a&redirect_uris[]=b` arrives as an array.
      if (k.endsWith('[]')) {
        const key = k.slice(0, -2)
        const prev = fields[key]
        fields[key] = Array.isArray(prev) ? [...prev, v] : [v]
      } else fields[k] = v
    }
    return { kind: 'form', fields, raw }
  }
  if (type === 'multipart/form-data') {
    // Mastodon takes multipart too (masto.js sends its token requests that way).
    const boundary = /boundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1]
    const fields: Record<string, unknown> = {}
    for (const part of boundary ? raw.split(`--${boundary}`) : []) {
      const m =
        /^\r\nContent-Disposition:\s*form-data;\s*name="([^"]+)"[^\r]*\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*)\r\n$/i.exec(
          part
        )
      if (m) fields[m[1]!] = m[2]
    }
    return { kind: 'form', fields, raw }
  }
  if (type === 'application/json') {
    try {
      const parsed: unknown = JSON.parse(raw)
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        return { kind: 'json', fields: parsed as Record<string, unknown>, raw }
      }
    } catch {
      // fall through: the caller decides how its server reacts to junk
    }
  }
  return { kind: 'other', fields: {}, raw }
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers
  })
  res.end(text)
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  contentType = 'text/plain; charset=utf-8',
  headers: Record<string, string> = {}
): void {
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
    ...headers
  })
  res.end(text)
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  sendText(res, status, html, 'text/html; charset=utf-8')
}

export function redirect(res: ServerResponse, status: number, location: string): void {
  res.writeHead(status, { Location: location, 'Content-Length': 0 })
  res.end()
}

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization
  if (!h) return undefined
  const m = /^Bearer\s+(.+)$/i.exec(h)
  return m?.[1]?.trim()
}

export function basicCredentials(
  req: IncomingMessage
): { clientId: string; clientSecret: string } | undefined {
  const h = req.headers.authorization
  const m = h ? /^Basic\s+(.+)$/i.exec(h) : null
  if (!m) return undefined
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8')
  const i = decoded.indexOf(':')
  if (i < 0) return undefined
  return {
    clientId: decodeURIComponent(decoded.slice(0, i)),
    clientSecret: decodeURIComponent(decoded.slice(i + 1))
  }
}
