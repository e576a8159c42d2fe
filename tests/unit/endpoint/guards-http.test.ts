import net from 'node:net'
import { afterEach, describe, expect, test } from 'vitest'
import { authed, corsHeaders, send, startEndpoint, type Harness } from './fixtures'

let h: Harness | undefined
afterEach(async () => {
  await h?.cleanup()
  h = undefined
})

async function endpoint(overrides: Parameters<typeof startEndpoint>[0] = {}) {
  h = await startEndpoint(overrides)
  return h
}

/** Writes raw bytes and collects whatever comes back until the server closes the socket. */
function rawExchange(port: number, write: (socket: net.Socket) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => write(socket))
    let received = ''
    socket.on('data', (chunk) => (received += chunk.toString('utf8')))
    socket.on('close', () => resolve(received))
    socket.on('error', reject)
  })
}

describe('the secret', () => {
  test('401 unauthorized without an Authorization header', async () => {
    const { port } = await endpoint()
    const reply = await send(port, { path: '/v1/token' })
    expect(reply.status).toBe(401)
    expect(reply.headers['www-authenticate']).toBe('Bearer')
    expect(reply.json()).toEqual({ error: 'unauthorized', message: expect.any(String) })
  })

  test('401 for a wrong secret, a prefix of it, or another scheme', async () => {
    const { port, secret } = await endpoint()
    for (const authorization of [
      'Bearer wrong',
      `Bearer ${secret.slice(0, -1)}`,
      `Bearer ${secret}x`,
      `Basic ${secret}`,
      secret
    ]) {
      const reply = await send(port, { path: '/v1/token', headers: { authorization } })
      expect(reply.status, authorization).toBe(401)
    }
    const right = await send(port, { path: '/v1/token', headers: authed(secret) })
    expect(right.status).toBe(200)
  })

  test('after repeated failures every request is refused for a while, even with the secret', async () => {
    let now = 1_000_000
    const { port, secret } = await endpoint({
      clock: { now: () => now },
      limits: { failedAuth: { maxFailures: 3, windowMs: 10_000, lockoutMs: 30_000 } }
    })
    for (let i = 0; i < 3; i++) {
      const reply = await send(port, { path: '/v1/token', headers: { authorization: 'Bearer no' } })
      expect(reply.status).toBe(401)
    }
    const locked = await send(port, { path: '/v1/token', headers: authed(secret) })
    expect(locked.status).toBe(429)
    expect(locked.headers['retry-after']).toBe('30')
    expect(locked.json()).toMatchObject({ error: 'rate_limited' })
    now += 30_001
    const again = await send(port, { path: '/v1/token', headers: authed(secret) })
    expect(again.status).toBe(200)
  })
})

describe('browser and DNS-rebinding protection', () => {
  test('403 forbidden_host for any Host but 127.0.0.1:<port> or localhost:<port>', async () => {
    const { port, secret } = await endpoint()
    for (const host of [
      'evil.example',
      `evil.example:${port}`,
      '127.0.0.1',
      `127.0.0.1:${port + 1}`
    ]) {
      const reply = await send(port, { path: '/v1/token', headers: authed(secret, { host }) })
      expect(reply.status, host).toBe(403)
      expect(reply.json()).toMatchObject({ error: 'forbidden_host' })
    }
    const viaLocalhost = await send(port, {
      path: '/v1/token',
      headers: authed(secret, { host: `LOCALHOST:${port}` })
    })
    expect(viaLocalhost.status).toBe(200)
  })

  test('a request without a Host header is refused', async () => {
    const { port, secret } = await endpoint()
    const reply = await send(port, { path: '/v1/token', headers: authed(secret, { host: null }) })
    // Node itself answers 400 to an HTTP/1.1 request without Host; either way, no token.
    expect([400, 403]).toContain(reply.status)
    expect(reply.text).not.toContain('alice-token')
  })

  test('403 browser_request when an Origin header is present, even with the secret', async () => {
    const { port, secret } = await endpoint()
    for (const origin of ['https://evil.example', 'null', `http://127.0.0.1:${port}`]) {
      const reply = await send(port, { path: '/v1/token', headers: authed(secret, { origin }) })
      expect(reply.status, origin).toBe(403)
      expect(reply.json()).toMatchObject({ error: 'browser_request' })
    }
  })

  test('403 browser_request when a Sec-Fetch-Site header is present', async () => {
    const { port, secret } = await endpoint()
    const reply = await send(port, {
      path: '/v1/accounts',
      headers: authed(secret, { 'sec-fetch-site': 'same-origin' })
    })
    expect(reply.status).toBe(403)
    expect(reply.json()).toMatchObject({ error: 'browser_request' })
  })

  test('403 preflight_refused for a CORS preflight, with no CORS header in the answer', async () => {
    const { port } = await endpoint()
    const reply = await send(port, {
      method: 'OPTIONS',
      path: '/v1/token',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization'
      }
    })
    expect(reply.status).toBe(403)
    expect(reply.json()).toMatchObject({ error: 'preflight_refused' })
    expect(corsHeaders(reply.headers)).toEqual([])
  })

  test('refused browser requests do not count as failed authentications', async () => {
    const { port, secret } = await endpoint({
      limits: { failedAuth: { maxFailures: 2, windowMs: 10_000, lockoutMs: 30_000 } }
    })
    for (let i = 0; i < 5; i++) {
      await send(port, { path: '/v1/token', headers: { origin: 'https://evil.example' } })
    }
    expect((await send(port, { path: '/v1/token', headers: authed(secret) })).status).toBe(200)
  })
})

describe('size and time limits', () => {
  test('413 body_too_large for a declared body above the limit, before reading it', async () => {
    const { port, secret } = await endpoint({ limits: { maxRequestBodyBytes: 1024 } })
    const reply = await send(port, {
      method: 'POST',
      path: '/v1/proxy/alice@social.example/api/v1/statuses',
      headers: authed(secret, { 'content-type': 'application/json' }),
      body: Buffer.alloc(2048, 'a')
    })
    expect(reply.status).toBe(413)
    expect(reply.json()).toMatchObject({ error: 'body_too_large' })
  })

  test('431 headers_too_large as JSON for oversized headers', async () => {
    const { port } = await endpoint({ limits: { maxHeaderBytes: 2048 } })
    const response = await rawExchange(port, (socket) =>
      socket.write(
        `GET /v1/token HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Filler: ${'a'.repeat(4096)}\r\n\r\n`
      )
    )
    expect(response).toMatch(/^HTTP\/1\.1 431 /)
    expect(response).toContain('"error":"headers_too_large"')
    expect(response.toLowerCase()).not.toContain('access-control-')
  })

  test('a client that sends its headers too slowly is answered 408 and cut off', async () => {
    const { port } = await endpoint({ limits: { headersTimeoutMs: 200 } })
    const started = Date.now()
    const response = await rawExchange(port, (socket) => {
      socket.write(`GET /v1/token HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`)
      // …and never the blank line that ends the headers; a trickle keeps the socket busy.
      const trickle = setInterval(() => socket.writable && socket.write('X-Slow: 1\r\n'), 50)
      socket.on('close', () => clearInterval(trickle))
    })
    expect(response).toMatch(/^HTTP\/1\.1 408 /)
    expect(response).toContain('"error":"request_timeout"')
    // The answer names the deadline this endpoint runs with, not the default's.
    expect(response).toContain('headers within 0.2 s')
    expect(Date.now() - started).toBeLessThan(3_000)
  })

  test('a malformed request line gets a JSON 400', async () => {
    const { port } = await endpoint()
    const response = await rawExchange(port, (socket) => socket.write('NONSENSE\r\n\r\n'))
    expect(response).toMatch(/^HTTP\/1\.1 400 /)
    expect(response).toContain('"error":"bad_request"')
  })
})
