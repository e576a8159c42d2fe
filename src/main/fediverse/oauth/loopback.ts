import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { FediverseError } from '../errors'

export const LOOPBACK_PATH = '/callback'

export interface LoopbackResult {
  code: string
  state: string
}

export interface LoopbackListener {
  port: number
  /** `http://127.0.0.1:<port>/callback` — an IP literal, as RFC 8252 §7.3 recommends. */
  redirectUri: string
  /** Settles once: the code, or timeout / cancellation / the server's error. */
  result: Promise<LoopbackResult>
  close(): void
}

const page = (title: string, text: string): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:4rem auto;max-width:32rem;text-align:center}</style>
</head><body><main><h1>${title}</h1><p>${text}</p></main></body></html>`

const HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  // The code is in this page's URL: keep it out of any Referer.
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
  Connection: 'close'
}

/**
 * A one-shot redirect listener on 127.0.0.1 (RFC 8252 §7.3). It accepts exactly one
 * authorization response carrying the expected `state`, answers with a "you can close this tab"
 * page, and closes. Requests with another state are answered and ignored, so a stray or hostile
 * page cannot end a sign-in; nothing but 127.0.0.1 can reach it.
 *
 * `port` 0 picks an ephemeral port; a fixed port is for servers that match redirect URIs exactly.
 * Rejects with EADDRINUSE-carrying errors when that port is taken.
 */
export async function startLoopbackListener({
  state,
  port: requestedPort = 0,
  timeoutMs,
  params = { state: 'state', code: 'code' }
}: {
  state: string
  port?: number
  timeoutMs: number
  /**
   * The query parameter that must equal `state`, and the one that carries the code. OAuth uses
   * `state` and `code`; MiAuth comes back with only `session` (our session id) for both.
   */
  params?: { state: string; code: string }
}): Promise<LoopbackListener> {
  let settle: { resolve: (r: LoopbackResult) => void; reject: (e: Error) => void } | undefined
  const result = new Promise<LoopbackResult>((resolve, reject) => {
    settle = { resolve, reject }
  })
  // Whoever holds the listener may never await it (a cancelled flow): no unhandled rejection.
  result.catch(() => {})
  let done = false
  let port = 0

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (
      req.headers.host !== `127.0.0.1:${port}` ||
      req.method !== 'GET' ||
      url.pathname !== LOOPBACK_PATH
    ) {
      res.writeHead(404, HEADERS).end(page('Not found', 'Nothing here.'))
      return
    }
    if (done || url.searchParams.get(params.state) !== state) {
      res
        .writeHead(400, HEADERS)
        .end(
          page(
            'Sign-in not recognised',
            'This page does not belong to a sign-in Fedivault is waiting for.'
          )
        )
      return
    }
    const error = url.searchParams.get('error')
    const code = url.searchParams.get(params.code)
    if (error || !code) {
      res
        .writeHead(200, HEADERS)
        .end(
          page(
            'Sign-in not completed',
            'The server did not authorize Fedivault. You can close this tab and try again.'
          )
        )
      const described = url.searchParams.get('error_description') ?? error ?? 'no code'
      finish(
        new FediverseError({
          code: error === 'access_denied' ? 'forbidden' : 'invalid_grant',
          step: 'waiting_for_browser',
          message:
            error === 'access_denied'
              ? 'The authorization was declined.'
              : `The server did not authorize the sign-in (${described}).`,
          serverMessage: described
        })
      )
      return
    }
    res
      .writeHead(200, HEADERS)
      .end(
        page(
          'Signed in',
          'Fedivault received the authorization. You can close this tab and return to the app.'
        )
      )
    finish({ code, state })
  })

  const timer = setTimeout(
    () =>
      finish(
        new FediverseError({
          code: 'timeout',
          step: 'waiting_for_browser',
          message: 'The sign-in in the browser was not completed in time. Start again.'
        })
      ),
    timeoutMs
  )
  timer.unref()

  function finish(outcome: LoopbackResult | Error): void {
    if (done) return
    done = true
    clearTimeout(timer)
    if (outcome instanceof Error) settle!.reject(outcome)
    else settle!.resolve(outcome)
    // Let the answer page reach the browser before the server goes away.
    setImmediate(() => {
      server.close()
      server.closeIdleConnections()
    })
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(requestedPort, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  }).catch((err: unknown) => {
    clearTimeout(timer)
    done = true
    throw err
  })
  port = (server.address() as AddressInfo).port

  return {
    port,
    redirectUri: `http://127.0.0.1:${port}${LOOPBACK_PATH}`,
    result,
    close: () =>
      finish(
        new FediverseError({
          code: 'cancelled',
          step: 'waiting_for_browser',
          message: 'The sign-in was cancelled.'
        })
      )
  }
}

/** A port that was free a moment ago, for an app registration made before its listener exists. */
export async function pickFreePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  await new Promise<void>((r) => server.close(() => r()))
  return port
}
