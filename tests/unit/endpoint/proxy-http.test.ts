import http from 'node:http'
import { afterEach, describe, expect, test } from 'vitest'
import { authed, corsHeaders, sampleSource, send, startEndpoint, type Harness } from './fixtures'
import { startUpstream, type Upstream, type UpstreamHandler } from './upstream'
import type { EndpointLimits } from '../../../src/main/endpoint/limits'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

const json = (res: http.ServerResponse, status: number, body: unknown, headers = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

async function setup(
  handler: UpstreamHandler,
  limits: Partial<EndpointLimits> = {}
): Promise<{ up: Upstream; h: Harness; proxy: (path: string) => string }> {
  const up = await startUpstream(handler)
  cleanups.push(() => up.close())
  const h = await startEndpoint({ source: sampleSource(up.url), limits })
  cleanups.push(() => h.cleanup())
  return { up, h, proxy: (path) => `/v1/proxy/alice@social.example${path}` }
}

describe('proxied calls', () => {
  test('forward method, path, query and body with the account token, and stream the answer back', async () => {
    const { up, h, proxy } = await setup((req, res, body) =>
      json(res, 201, { echoed: body, method: req.method }, { 'x-ratelimit-remaining': '299' })
    )
    const reply = await send(h.port, {
      method: 'POST',
      path: proxy('/api/v1/statuses?visibility=private&x=%2Fy'),
      headers: authed(h.secret, { 'content-type': 'application/json', 'idempotency-key': 'k1' }),
      body: JSON.stringify({ status: 'hello' })
    })
    expect(reply.status).toBe(201)
    expect(reply.json()).toEqual({ echoed: '{"status":"hello"}', method: 'POST' })
    expect(reply.headers['x-ratelimit-remaining']).toBe('299')
    expect(up.seen).toHaveLength(1)
    const seen = up.seen[0]!
    expect(seen.method).toBe('POST')
    expect(seen.url).toBe('/api/v1/statuses?visibility=private&x=%2Fy')
    expect(seen.headers.authorization).toBe('Bearer alice-token-0123456789')
    expect(seen.headers['idempotency-key']).toBe('k1')
    expect(seen.headers.host).toBe(new URL(up.url).host)
    expect(h.service.auditLog()).toEqual([
      {
        at: expect.any(Number),
        route: 'POST /api/v1/statuses',
        account: 'alice@social.example',
        status: 201
      }
    ])
  })

  test('strip the secret, cookies and hop-by-hop headers on the way up, cookies and CORS on the way down', async () => {
    const { up, h, proxy } = await setup((_req, res) =>
      json(
        res,
        200,
        { ok: true },
        {
          'set-cookie': ['_session=abc; HttpOnly'],
          'access-control-allow-origin': '*',
          'access-control-allow-headers': 'Authorization',
          'x-kept': 'yes'
        }
      )
    )
    const reply = await send(h.port, {
      path: proxy('/api/v1/accounts/verify_credentials'),
      headers: authed(h.secret, {
        cookie: '_session=stolen',
        connection: 'keep-alive, x-private-hop',
        'x-private-hop': 'secret-hop',
        'keep-alive': 'timeout=5',
        'proxy-authorization': 'Basic Zm9v',
        'x-forwarded-for': '10.0.0.1',
        'x-custom': 'kept'
      })
    })
    expect(reply.status).toBe(200)
    const seen = up.seen[0]!.headers
    expect(seen.authorization).toBe('Bearer alice-token-0123456789')
    expect(JSON.stringify(seen)).not.toContain(h.secret)
    for (const name of [
      'cookie',
      'x-private-hop',
      'keep-alive',
      'proxy-authorization',
      'x-forwarded-for'
    ]) {
      expect(seen[name], name).toBeUndefined()
    }
    expect(seen['x-custom']).toBe('kept')
    expect(reply.headers['set-cookie']).toBeUndefined()
    expect(corsHeaders(reply.headers)).toEqual([])
    expect(reply.headers['x-kept']).toBe('yes')
  })

  test('use the named account, not the active one', async () => {
    const { up, h } = await setup((_req, res) => json(res, 200, {}))
    await send(h.port, {
      path: '/v1/proxy/@bob@social.example/api/v1/timelines/home',
      headers: authed(h.secret)
    })
    expect(up.seen[0]!.headers.authorization).toBe('Bearer bob-token-9876543210')
  })

  test('stream a large chunked upload and download through', async () => {
    const size = 3 * 1024 * 1024
    const { up, h, proxy } = await setup((_req, res, body) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' })
      res.end(Buffer.alloc(size, body.length % 251))
    })
    const received = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: h.port,
          method: 'POST',
          path: proxy('/api/v2/media'),
          headers: { authorization: `Bearer ${h.secret}`, host: `127.0.0.1:${h.port}` }
        },
        (res) => {
          let n = 0
          res.on('data', (chunk: Buffer) => (n += chunk.length))
          res.on('end', () => resolve(n))
        }
      )
      req.on('error', reject)
      for (let i = 0; i < 48; i++) req.write(Buffer.alloc(64 * 1024, 'm'))
      req.end()
    })
    expect(up.seen[0]!.body.length).toBe(48 * 64 * 1024)
    expect(up.seen[0]!.headers['transfer-encoding']).toBe('chunked')
    expect(received).toBe(size)
  })
})

describe('proxy guards', () => {
  test('403 forbidden_path outside /api/ or with climbing segments; nothing reaches the instance', async () => {
    const { up, h } = await setup((_req, res) => json(res, 200, {}))
    for (const path of [
      '/oauth/token',
      '/api',
      '/apiv1/x',
      '/api/../oauth/revoke',
      '/api/%2e%2e/oauth/revoke',
      '/api/v1/%2F..%2Foauth',
      '/api/v1/..%5Coauth',
      '/api/./v1/x'
    ]) {
      const reply = await send(h.port, {
        path: `/v1/proxy/alice@social.example${path}`,
        headers: authed(h.secret)
      })
      expect(reply.status, path).toBe(403)
      expect(reply.json()).toMatchObject({ error: 'forbidden_path' })
    }
    expect(up.seen).toEqual([])
  })

  test('404 unknown_account for a handle Fedivault does not have, 423 for one that must sign in', async () => {
    const { up, h } = await setup((_req, res) => json(res, 200, {}))
    const unknown = await send(h.port, {
      path: '/v1/proxy/mallory@evil.example/api/v1/accounts/verify_credentials',
      headers: authed(h.secret)
    })
    expect(unknown.status).toBe(404)
    expect(unknown.json()).toMatchObject({ error: 'unknown_account' })
    const reauth = await send(h.port, {
      path: '/v1/proxy/carol@other.example/api/v1/accounts/verify_credentials',
      headers: authed(h.secret)
    })
    expect(reauth.status).toBe(423)
    expect(up.seen).toEqual([])
  })

  test('401 without the secret, whatever the path', async () => {
    const { up, h, proxy } = await setup((_req, res) => json(res, 200, {}))
    const reply = await send(h.port, { path: proxy('/api/v1/accounts/verify_credentials') })
    expect(reply.status).toBe(401)
    expect(up.seen).toEqual([])
  })

  test('413 for a chunked body that grows past the limit; the instance never sees it complete', async () => {
    const { up, h, proxy } = await setup((_req, res) => json(res, 200, {}), {
      maxRequestBodyBytes: 64 * 1024
    })
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: h.port,
          method: 'POST',
          path: proxy('/api/v2/media'),
          headers: { authorization: `Bearer ${h.secret}`, host: `127.0.0.1:${h.port}` }
        },
        (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        }
      )
      req.on('error', reject)
      req.write(Buffer.alloc(48 * 1024, 'a'))
      req.write(Buffer.alloc(48 * 1024, 'b'))
      // Left open on purpose: the endpoint must answer without waiting for the end.
    })
    expect(status).toBe(413)
    expect(up.seen).toEqual([])
  })
})

describe('what the instance answers', () => {
  test('a redirect to another origin is not followed, and its target is not handed out', async () => {
    const elsewhere = await startUpstream((_req, res) => json(res, 200, { stolen: true }))
    cleanups.push(() => elsewhere.close())
    const { h, proxy } = await setup((_req, res) => {
      res.writeHead(302, { location: `${elsewhere.url}/api/v1/collect` })
      res.end()
    })
    const reply = await send(h.port, {
      path: proxy('/api/v1/timelines/home'),
      headers: authed(h.secret)
    })
    expect(reply.status).toBe(502)
    expect(reply.json()).toMatchObject({ error: 'upstream_redirect' })
    expect(reply.headers.location).toBeUndefined()
    expect(reply.text).not.toContain(elsewhere.url)
    expect(elsewhere.seen).toEqual([])
  })

  test('a redirect within the instance API is passed on as a proxy path, not followed', async () => {
    const { up, h, proxy } = await setup((req, res) => {
      if (req.url !== '/api/v1/old') return json(res, 200, { url: req.url })
      res.writeHead(301, { location: '/api/v2/new?x=1' })
      res.end()
    })
    const reply = await send(h.port, { path: proxy('/api/v1/old'), headers: authed(h.secret) })
    expect(reply.status).toBe(301)
    expect(reply.headers.location).toBe('/v1/proxy/alice@social.example/api/v2/new?x=1')
    expect(up.seen.map((r) => r.url)).toEqual(['/api/v1/old'])
  })

  test('a same-origin redirect out of /api/ (e.g. to a login page) is refused too', async () => {
    const { h, proxy } = await setup((_req, res) => {
      res.writeHead(302, { location: '/auth/sign_in' })
      res.end()
    })
    const reply = await send(h.port, { path: proxy('/api/v1/x'), headers: authed(h.secret) })
    expect(reply.status).toBe(502)
    expect(reply.json()).toMatchObject({ error: 'upstream_redirect' })
  })

  test('504 upstream_timeout when the instance goes silent', async () => {
    const { h, proxy } = await setup(() => undefined, { upstreamIdleTimeoutMs: 150 })
    const reply = await send(h.port, { path: proxy('/api/v1/slow'), headers: authed(h.secret) })
    expect(reply.status).toBe(504)
    expect(reply.json()).toMatchObject({ error: 'upstream_timeout' })
    expect(h.service.auditLog().at(-1)).toMatchObject({ route: 'GET /api/v1/slow', status: 504 })
  })

  test('502 upstream_unreachable when nothing listens at the instance URL', async () => {
    const gone = await startUpstream(() => undefined)
    await gone.close()
    const h = await startEndpoint({ source: sampleSource(gone.url) })
    cleanups.push(() => h.cleanup())
    const reply = await send(h.port, {
      path: '/v1/proxy/alice@social.example/api/v1/x',
      headers: authed(h.secret)
    })
    expect(reply.status).toBe(502)
    expect(reply.json()).toMatchObject({ error: 'upstream_unreachable' })
  })

  test('502 upstream_too_large for a declared answer above the limit', async () => {
    const { h, proxy } = await setup(
      (_req, res) => {
        res.writeHead(200, { 'content-length': String(10_000) })
        res.end(Buffer.alloc(10_000))
      },
      { maxResponseBodyBytes: 1_000 }
    )
    const reply = await send(h.port, { path: proxy('/api/v1/big'), headers: authed(h.secret) })
    expect(reply.status).toBe(502)
    expect(reply.json()).toMatchObject({ error: 'upstream_too_large' })
  })

  test('an undeclared answer above the limit is cut off mid-stream', async () => {
    const { h, proxy } = await setup(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/octet-stream' })
        for (let i = 0; i < 10; i++) res.write(Buffer.alloc(1_000))
        res.end()
      },
      { maxResponseBodyBytes: 4_000 }
    )
    const outcome = await send(h.port, {
      path: proxy('/api/v1/big'),
      headers: authed(h.secret)
    }).then(
      (reply) => `complete ${reply.text.length}`,
      (error: NodeJS.ErrnoException) => `cut ${error.code ?? error.message}`
    )
    expect(outcome).toMatch(/^cut /)
  })
})
