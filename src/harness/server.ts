import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import type { Duplex } from 'node:stream'
import { build } from 'esbuild'
import { WebSocketServer, type WebSocket } from 'ws'
import type { Dispatch } from '../main/ipc/router'
import type { EventQueue } from '../main/ipc/push'
import { readStatic } from './static-files'

export interface BridgeTarget {
  dispatch: Dispatch
  events: EventQueue
}

export interface HarnessServerOptions {
  target: BridgeTarget
  /** Folder with the built renderer (`out/renderer`). */
  rendererDir: string
  port?: number
}

export interface HarnessServer {
  /** The URL to open: carries the per-run secret in its fragment. */
  url: string
  origin: string
  port: number
  secret: string
  close(): Promise<void>
}

const ROOT = resolve(import.meta.dirname, '../..')
const BRIDGE_PATH = '/__harness/bridge.js'
const WS_PATH = '/__harness/ws'

/** Same policy as the renderer's meta tag, sent as a header too. */
export const HARNESS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data: https: http://127.0.0.1:* http://localhost:*; connect-src 'self'; " +
  "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'"

let bridgeBundle: Promise<string> | undefined
function bridgeScript(): Promise<string> {
  bridgeBundle ??= build({
    entryPoints: [resolve(ROOT, 'src/harness/bridge-client.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'silent'
  }).then((r) => r.outputFiles[0]!.text)
  return bridgeBundle
}

/**
 * Serves the built renderer on 127.0.0.1 and carries the IPC contract over a WebSocket. Like the
 * Electron gateway it checks the sender before anything else: the Host header (DNS rebinding),
 * the Origin (other web pages), and the per-run secret (other local processes).
 */
export async function startHarnessServer(options: HarnessServerOptions): Promise<HarnessServer> {
  const secret = randomBytes(32).toString('hex')
  const expectedProtocol = `fedivault.${secret}`
  let port = 0
  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`]
  const allowedOrigins = () => allowedHosts().map((h) => `http://${h}`)
  const [indexHtml, bridge] = await Promise.all([
    readFile(resolve(options.rendererDir, 'index.html'), 'utf8'),
    bridgeScript()
  ])
  // A classic script in <head> runs before the renderer's deferred module, so window.api exists first.
  const page = indexHtml.replace('<head>', `<head>\n    <script src="${BRIDGE_PATH}"></script>`)

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Referrer-Policy', 'no-referrer')
    if (!allowedHosts().includes(req.headers.host ?? '')) {
      res.writeHead(403, { 'Content-Type': 'text/plain' }).end('Forbidden host')
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end()
      return
    }
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (path === BRIDGE_PATH) {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(bridge)
      return
    }
    if (path === '/' || path === '/index.html') {
      res
        .writeHead(200, {
          'Content-Type': 'text/html; charset=utf-8',
          'Content-Security-Policy': HARNESS_CSP,
          'Cache-Control': 'no-store'
        })
        .end(page)
      return
    }
    const file = await readStatic(options.rendererDir, path)
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found')
      return
    }
    res.writeHead(200, { 'Content-Type': file.type }).end(file.body)
  })

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 1024 * 1024,
    handleProtocols: (protocols) => (protocols.has(expectedProtocol) ? expectedProtocol : false)
  })
  let current: WebSocket | undefined

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = refuseUpgrade(req, {
      hosts: allowedHosts(),
      origins: allowedOrigins(),
      protocol: expectedProtocol
    })
    if (refusal) {
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${refusal}`
      )
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws))
  })

  function onConnection(ws: WebSocket): void {
    // One renderer at a time, like the desktop window: a new tab takes over the event stream.
    current?.close(4000, 'Another window connected')
    current = ws
    options.target.events.attach((event, payload) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ t: 'event', event, payload }))
    })
    ws.on('message', async (raw) => {
      let msg: { t?: unknown; id?: unknown; channel?: unknown; payload?: unknown }
      try {
        msg = JSON.parse(String(raw))
      } catch {
        return
      }
      if (msg.t === 'ready') {
        if (current === ws) options.target.events.ready()
        return
      }
      if (msg.t === 'invoke' && typeof msg.id === 'number') {
        const result = await options.target.dispatch(msg.channel, msg.payload)
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ t: 'result', id: msg.id, result }))
      }
    })
    ws.on('close', () => {
      if (current === ws) {
        current = undefined
        options.target.events.detach()
      }
    })
  }

  await new Promise<void>((ok, fail) => {
    server.once('error', fail)
    server.listen(options.port ?? 0, '127.0.0.1', () => ok())
  })
  port = (server.address() as AddressInfo).port
  const origin = `http://127.0.0.1:${port}`
  return {
    url: `${origin}/#k=${secret}`,
    origin,
    port,
    secret,
    async close() {
      for (const client of wss.clients) client.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((ok) => server.close(() => ok()))
    }
  }
}

/** Why a bridge connection is refused, or undefined to accept it. */
export function refuseUpgrade(
  req: IncomingMessage,
  expected: { hosts: string[]; origins: string[]; protocol: string }
): string | undefined {
  if (new URL(req.url ?? '/', 'http://x').pathname !== WS_PATH) return 'Unknown endpoint'
  if (!expected.hosts.includes(req.headers.host ?? '')) return 'Forbidden host'
  if (!expected.origins.includes(String(req.headers.origin ?? ''))) return 'Forbidden origin'
  const offered = String(req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim())
  const want = Buffer.from(expected.protocol)
  const match = offered.some((p) => {
    const got = Buffer.from(p)
    return got.length === want.length && timingSafeEqual(got, want)
  })
  return match ? undefined : 'Wrong or missing secret'
}
