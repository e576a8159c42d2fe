import type { OutgoingHttpHeaders } from 'node:http'

/**
 * Where a client reached the proxy: the endpoint's origin (from the Host header the guards
 * accepted) and the path that stands for the instance's root: `/v1/proxy/<handle>`, or '' for a
 * run key at the endpoint's root.
 */
export interface PublicBase {
  origin: string
  prefix: string
}

export function publicBase(host: string, prefix: string): PublicBase {
  return { origin: `http://${host}`, prefix }
}

/**
 * An absolute URL into this account's `/api/` as the same URL through the proxy; null for any
 * other URL (another host, or outside /api/), which is left as the instance sent it.
 */
export function proxiedUrl(value: string, apiBaseUrl: string, base: PublicBase): string | null {
  let target: URL
  let instance: URL
  try {
    target = new URL(value)
    instance = new URL(apiBaseUrl)
  } catch {
    return null
  }
  if (target.origin !== instance.origin) return null
  const root = instance.pathname.replace(/\/$/, '')
  if (!target.pathname.startsWith(`${root}/api/`)) return null
  return `${base.origin}${base.prefix}${target.pathname.slice(root.length)}${target.search}`
}

/**
 * `Link` (pagination: masto.js follows the URL, toot keeps its path and query, Mastodon.py its
 * max_id) and any other header holding an absolute URL into the instance's API, pointed at the
 * proxy so the client stays on it. `Location` is handled apart (proxiedRedirect).
 */
export function rewriteUrlHeaders(
  headers: OutgoingHttpHeaders,
  apiBaseUrl: string,
  base: PublicBase
): void {
  const origin = originOf(apiBaseUrl)
  if (!origin) return
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string' || !value.includes(origin)) continue
    if (name === 'link') {
      headers[name] = value.replace(
        /<([^>]*)>/g,
        (whole, url: string) => `<${proxiedUrl(url, apiBaseUrl, base) ?? url}>`
      )
    } else {
      const rewritten = proxiedUrl(value.trim(), apiBaseUrl, base)
      if (rewritten) headers[name] = rewritten
    }
  }
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin
  } catch {
    return null
  }
}

/** Instance documents are a few kilobytes; a larger answer is relayed as it is. */
export const maxInstanceDocumentBytes = 1024 * 1024

/**
 * `GET /api/v1/instance` and `/api/v2/instance`: the documents that name the streaming server.
 * Mastodon.py streams from `urls.streaming_api` (keeping only its host), masto.js and others
 * from v2's `configuration.urls.streaming`; pointed at the instance, the stream would leave the
 * proxy (and carry the key there), so both are rewritten to the proxy.
 */
export function isInstanceDocument(method: string | undefined, path: string): boolean {
  if (method !== 'GET') return false
  // Mastodon.py asks for `/api/v1/instance/`, which Mastodon answers the same.
  const bare = path.split('?')[0]?.replace(/\/$/, '')
  return bare === '/api/v1/instance' || bare === '/api/v2/instance'
}

/** The document with its streaming URLs pointing at the proxy; null when it is not JSON. */
export function rewriteInstanceDocument(body: string, base: PublicBase): string | null {
  let doc: unknown
  try {
    doc = JSON.parse(body)
  } catch {
    return null
  }
  if (!isObject(doc)) return null
  const streaming = `${base.origin.replace(/^http/, 'ws')}${base.prefix}`
  const v1 = doc.urls
  if (isObject(v1) && typeof v1.streaming_api === 'string') v1.streaming_api = streaming
  const configuration = doc.configuration
  const v2 = isObject(configuration) ? configuration.urls : undefined
  if (isObject(v2) && typeof v2.streaming === 'string') v2.streaming = streaming
  return JSON.stringify(doc)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function isEventStream(contentType: string | string[] | undefined): boolean {
  return typeof contentType === 'string' && /^\s*text\/event-stream\b/i.test(contentType)
}
