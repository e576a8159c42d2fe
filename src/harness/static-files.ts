import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon'
}

/** Resolves a request path inside `root`, refusing anything that escapes it. */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/')
  } catch {
    return undefined
  }
  if (decoded.includes('\0')) return undefined
  const full = normalize(join(root, decoded))
  return full === root || full.startsWith(root.endsWith(sep) ? root : root + sep) ? full : undefined
}

export async function readStatic(
  root: string,
  urlPath: string
): Promise<{ body: Buffer; type: string } | undefined> {
  const file = resolveInside(root, urlPath === '/' ? '/index.html' : urlPath)
  if (!file) return undefined
  try {
    const body = await readFile(file)
    return { body, type: TYPES[extname(file)] ?? 'application/octet-stream' }
  } catch {
    return undefined
  }
}
