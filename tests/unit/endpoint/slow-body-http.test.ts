import { getEventListeners } from 'node:events'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import net from 'node:net'
import { afterEach, describe, expect, test } from 'vitest'
import { authed, sampleSource, send, startEndpoint } from './fixtures'
import { startUpstream } from './upstream'
import { noBodyDeadline } from '../../../src/main/endpoint/body-deadline'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

interface Trickled {
  response: string
  /** Body bytes written before the server closed the connection. */
  bodyBytesSent: number
}

/**
 * Sends the head at once, then the body one byte every 20 ms: 2,000 bytes would take 40 s, so a
 * connection that closes with the body incomplete was closed by the server.
 */
function trickleBody(port: number, head: string, declared = 2_000): Promise<Trickled> {
  return new Promise((resolve, reject) => {
    let response = ''
    let bodyBytesSent = 0
    let trickle: NodeJS.Timeout | undefined
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(`${head}Content-Length: ${declared}\r\n\r\n`)
      trickle = setInterval(() => {
        if (!socket.writable || bodyBytesSent >= declared) return
        socket.write('a')
        bodyBytesSent++
      }, 20)
    })
    socket.on('data', (chunk) => (response += chunk.toString('utf8')))
    // The server may reset a connection it cut while bytes were still arriving.
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error)
    })
    socket.on('close', () => {
      clearInterval(trickle)
      resolve({ response, bodyBytesSent })
    })
  })
}

function head(method: string, path: string, port: number, secret: string): string {
  return `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${secret}\r\n`
}

describe('a request body trickled byte by byte', () => {
  test('on the endpoint’s own routes: the answer comes at once, then the connection is cut', async () => {
    const h = await startEndpoint({ limits: { bodyTimeoutMs: 300 } })
    cleanups.push(() => h.cleanup())
    const { response, bodyBytesSent } = await trickleBody(
      h.port,
      head('GET', '/v1/accounts', h.port, h.secret)
    )
    // The route needs no body, so it answered; the rest of the body did not hold the socket.
    expect(response).toMatch(/^HTTP\/1\.1 200 /)
    expect(response).toContain('"handle":"alice@social.example"')
    expect(bodyBytesSent).toBeLessThan(2_000)
    // …and the endpoint still answers everyone else.
    expect((await send(h.port, { path: '/v1/token', headers: authed(h.secret) })).status).toBe(200)
  })

  test('a slow vault look-up that outlives the body clock: 408, recorded once, no error', async () => {
    const source = sampleSource()
    const errors: string[] = []
    const h = await startEndpoint({
      accounts: {
        listAccounts: () => source.listAccounts(),
        tokenFor: (handle) =>
          new Promise((resolve) => setTimeout(() => resolve(source.tokenFor(handle)), 800))
      },
      logger: { info() {}, warn() {}, error: (message) => void errors.push(message) },
      limits: { bodyTimeoutMs: 200 }
    })
    cleanups.push(() => h.cleanup())
    const { response } = await trickleBody(h.port, head('GET', '/v1/token', h.port, h.secret))
    expect(response).toMatch(/^HTTP\/1\.1 408 /)
    expect(response).not.toContain('alice-token')
    await new Promise((resolve) => setTimeout(resolve, 1_000)) // the look-up finishes meanwhile
    expect(errors).toEqual([])
    expect(h.service.auditLog()).toEqual([
      { at: expect.any(Number), route: 'GET /v1/token', status: 408 }
    ])
  })

  test('a refused request cannot hold the connection with a trickled body either', async () => {
    const h = await startEndpoint({ limits: { bodyTimeoutMs: 300 } })
    cleanups.push(() => h.cleanup())
    const { response, bodyBytesSent } = await trickleBody(
      h.port,
      head('POST', '/v1/token', h.port, 'wrong')
    )
    expect(response).toMatch(/^HTTP\/1\.1 401 /)
    expect(bodyBytesSent).toBeLessThan(2_000)
  })

  test('through the proxy: 408 request_timeout, connection closed, nothing reaches the instance', async () => {
    const up = await startUpstream((_req, res) => void res.end('{}'))
    cleanups.push(() => up.close())
    const h = await startEndpoint({
      source: sampleSource(up.url),
      limits: { bodyTimeoutMs: 300 }
    })
    cleanups.push(() => h.cleanup())
    const { response, bodyBytesSent } = await trickleBody(
      h.port,
      head('POST', '/v1/proxy/alice@social.example/api/v2/media', h.port, h.secret) +
        'Content-Type: application/octet-stream\r\n'
    )
    expect(response).toMatch(/^HTTP\/1\.1 408 /)
    expect(response.toLowerCase()).toContain('connection: close')
    expect(response.toLowerCase()).toContain('x-fedivault-error: request_timeout')
    const body = JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as unknown
    expect(body).toEqual({
      error: 'request_timeout',
      message: expect.stringContaining('then the body within 0.3 s')
    })
    expect(bodyBytesSent).toBeLessThan(2_000)
    // The instance never saw a whole request (it records only complete ones).
    expect(up.seen).toEqual([])
    expect(h.service.auditLog()).toEqual([
      {
        at: expect.any(Number),
        route: 'POST /api/v2/media',
        account: 'alice@social.example',
        status: 408
      }
    ])
  })

  test('through the proxy, chunked: 408 as well', async () => {
    const up = await startUpstream((_req, res) => void res.end('{}'))
    cleanups.push(() => up.close())
    const h = await startEndpoint({
      source: sampleSource(up.url),
      limits: { bodyTimeoutMs: 300 }
    })
    cleanups.push(() => h.cleanup())
    const response = await new Promise<string>((resolve) => {
      let text = ''
      let trickle: NodeJS.Timeout | undefined
      const socket = net.connect(h.port, '127.0.0.1', () => {
        socket.write(
          head('POST', '/v1/proxy/alice@social.example/api/v1/statuses', h.port, h.secret) +
            'Transfer-Encoding: chunked\r\n\r\n'
        )
        trickle = setInterval(() => socket.writable && socket.write('1\r\na\r\n'), 20)
      })
      socket.on('data', (chunk) => (text += chunk.toString('utf8')))
      socket.on('error', () => {})
      socket.on('close', () => {
        clearInterval(trickle)
        resolve(text)
      })
    })
    expect(response).toMatch(/^HTTP\/1\.1 408 /)
    expect(up.seen).toEqual([])
  })
})

test('proxied calls without a body leave nothing behind on the shared no-body clock', async () => {
  const up = await startUpstream((_req, res) => void res.end('{}'))
  cleanups.push(() => up.close())
  const h = await startEndpoint({ source: sampleSource(up.url) })
  cleanups.push(() => h.cleanup())
  for (let i = 0; i < 12; i++) {
    const reply = await send(h.port, {
      path: '/v1/proxy/alice@social.example/api/v1/timelines/home',
      headers: authed(h.secret)
    })
    expect(reply.status).toBe(200)
  }
  expect(getEventListeners(noBodyDeadline.signal, 'abort')).toHaveLength(0)
})

describe('a large upload that a slow instance takes its time over', () => {
  test('is not cut: only the time the endpoint waits on the script counts', async () => {
    const pauseMs = 6_000
    // An instance that reads nothing for well over the body budget, then everything.
    let resumedAt = Infinity
    let receivedBytes = 0
    const slow = http.createServer((req, res) => {
      req.pause()
      setTimeout(() => {
        resumedAt = performance.now()
        req.on('data', (chunk: Buffer) => (receivedBytes += chunk.length))
        req.on('end', () => res.end('{"id":"1"}'))
        req.resume()
      }, pauseMs)
    })
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve))
    cleanups.push(
      () =>
        new Promise((resolve) => {
          slow.close(() => resolve())
          slow.closeAllConnections()
        })
    )
    const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`
    const h = await startEndpoint({ source: sampleSource(url), limits: { bodyTimeoutMs: 3_000 } })
    cleanups.push(() => h.cleanup())

    // More than the socket buffers between script, endpoint and instance take in (checked below),
    // small enough to cross loopback well within the budget once the instance reads.
    const upload = Buffer.alloc(16 * 1024 * 1024, 7)
    let sentAt = 0
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: h.port,
          method: 'POST',
          path: '/v1/proxy/alice@social.example/api/v2/media',
          headers: { authorization: `Bearer ${h.secret}`, 'content-type': 'image/png' },
          agent: false
        },
        (res) => {
          res.resume()
          res.on('end', () => resolve(res.statusCode ?? 0))
        }
      )
      req.on('error', reject)
      req.end(upload, () => (sentAt = performance.now()))
    })
    expect(status).toBe(200)
    expect(receivedBytes).toBe(upload.length)
    // The script could not hand over its last byte before the instance started reading: the
    // endpoint held the body back for longer than its budget, and that did not count.
    expect(sentAt).toBeGreaterThan(resumedAt)
  }, 30_000)
})
