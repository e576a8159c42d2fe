import http from 'node:http'
import net from 'node:net'
import { afterEach, describe, expect, test } from 'vitest'
import { ScriptKeyRegistry } from '../../../src/main/script-keys'
import { memoryKeyStorage } from '../../support/memory-key-storage'
import type { EndpointLimits } from '../../../src/main/endpoint/limits'
import { authed, sampleSource, send, startEndpoint, type Harness } from './fixtures'
import { startUpstream, type Upstream, type UpstreamHandler } from './upstream'

/**
 * Run keys (`POST /v1/run-keys`, held open for the life of one command), the proxy at the
 * endpoint's root for keys bound to one account, and what the proxy rewrites and relays for real
 * client tools: Link headers, the instance documents' streaming URLs, text/event-stream, and a
 * WebSocket upgrade refused with 501.
 */

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

const json = (res: http.ServerResponse, status: number, body: unknown, headers = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

async function setup(
  handler: UpstreamHandler = (req, res) => json(res, 200, { url: req.url }),
  limits: Partial<EndpointLimits> = {}
): Promise<{ up: Upstream; h: Harness; keys: ScriptKeyRegistry }> {
  const up = await startUpstream(handler)
  cleanups.push(() => up.close())
  const keys = new ScriptKeyRegistry(memoryKeyStorage())
  const h = await startEndpoint({ source: sampleSource(up.url), keys, limits })
  cleanups.push(() => h.cleanup())
  return { up, h, keys }
}

interface HeldRunKey {
  status: number
  first: Record<string, unknown>
  secret: string
  id: string
  /** Everything the answer carried after its first line. */
  rest: () => string
  ended: Promise<void>
  /** Hangs up, as a killed `fedivault run` does. */
  close(): void
}

/** `POST /v1/run-keys`, read up to the first line, the connection left open. */
function holdRunKey(
  port: number,
  secret: string,
  body: Record<string, unknown>
): Promise<HeldRunKey> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body)
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/run-keys',
        agent: false,
        headers: {
          authorization: `Bearer ${secret}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload)
        }
      },
      (res) => {
        let text = ''
        let settled = false
        const ended = new Promise<void>((done) => {
          res.on('end', done)
          res.on('close', done)
        })
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8')
          const at = text.indexOf('\n')
          if (settled || at < 0) return
          settled = true
          const first = JSON.parse(text.slice(0, at)) as Record<string, unknown>
          const key = first.key as { id?: string } | undefined
          resolve({
            status: res.statusCode ?? 0,
            first,
            secret: String(first.secret ?? ''),
            id: String(key?.id ?? ''),
            rest: () => text.slice(at + 1),
            ended,
            close: () => req.destroy()
          })
        })
        res.on('end', () => {
          if (!settled) {
            settled = true
            resolve({
              status: res.statusCode ?? 0,
              first: text ? (JSON.parse(text) as Record<string, unknown>) : {},
              secret: '',
              id: '',
              rest: () => '',
              ended,
              close: () => req.destroy()
            })
          }
        })
      }
    )
    req.on('error', (error) => {
      if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(error)
    })
    req.end(payload)
    cleanups.push(() => void req.destroy())
  })
}

const verify = '/api/v1/accounts/verify_credentials'

describe('run keys', () => {
  test('minted for one account and mode; used at the root; revoked when the hold connection closes', async () => {
    const { up, h, keys } = await setup()
    const held = await holdRunKey(h.port, h.secret, {
      mode: 'proxy-read-write',
      command: 'toot timeline'
    })
    expect(held.status).toBe(201)
    expect(held.secret).toMatch(/^fvk_/)
    expect(held.first).toMatchObject({
      key: {
        name: 'run: toot timeline',
        mode: 'proxy-read-write',
        run: { command: 'toot timeline' }
      },
      account: { handle: 'alice@social.example', software: 'mastodon', active: true }
    })
    expect(held.first.key).toMatchObject({ accounts: ['alice@social.example'] })

    const mine = await send(h.port, { path: verify, headers: authed(held.secret) })
    expect(mine.status).toBe(200)
    expect(mine.json()).toEqual({ url: verify })
    // The instance saw the account's real token, never the run key.
    expect(up.seen[0]!.headers.authorization).toBe('Bearer alice-token-0123456789')
    expect(keys.list().find((k) => k.id === held.id)).toMatchObject({ state: 'active' })

    held.close()
    await expect
      .poll(async () => (await send(h.port, { path: verify, headers: authed(held.secret) })).status)
      .toBe(401)
    const after = await send(h.port, { path: verify, headers: authed(held.secret) })
    expect(after.json()).toMatchObject({ error: 'key_revoked' })
    expect(up.seen).toHaveLength(1)
    // The audit log names the run key.
    expect(h.service.auditLog()).toContainEqual(
      expect.objectContaining({ route: `GET ${verify}`, key: 'run: toot timeline', status: 200 })
    )
  })

  test('DELETE /v1/run-keys/<id> ends a key at once; the hold answer then ends too', async () => {
    const { h } = await setup()
    const held = await holdRunKey(h.port, h.secret, {
      account: 'bob@social.example',
      mode: 'proxy-read-only',
      command: 'python3 bot.py'
    })
    expect(held.first).toMatchObject({ account: { handle: 'bob@social.example' } })
    const ended = await send(h.port, {
      method: 'DELETE',
      path: `/v1/run-keys/${held.id}`,
      headers: authed(h.secret)
    })
    expect(ended.status).toBe(200)
    expect(ended.json()).toMatchObject({ key: { id: held.id, state: 'revoked' } })
    const refused = await send(h.port, { path: verify, headers: authed(held.secret) })
    expect(refused.status).toBe(401)
    expect(refused.json()).toMatchObject({ error: 'key_revoked' })
    const unknown = await send(h.port, {
      method: 'DELETE',
      path: '/v1/run-keys/00ff',
      headers: authed(h.secret)
    })
    expect(unknown.status).toBe(404)
    expect(unknown.json()).toMatchObject({ error: 'unknown_key' })
  })

  test('a read-only run key cannot write; nothing reached the instance', async () => {
    const { up, h } = await setup()
    const held = await holdRunKey(h.port, h.secret, {
      mode: 'proxy-read-only',
      command: 'toot post'
    })
    const post = await send(h.port, {
      method: 'POST',
      path: '/api/v1/statuses',
      headers: authed(held.secret, { 'content-type': 'application/json' }),
      body: '{"status":"no"}'
    })
    expect(post.status).toBe(403)
    expect(post.json()).toMatchObject({ error: 'key_scope' })
    expect(up.seen).toEqual([])
  })

  test('at its maximum lifetime the key expires and the endpoint ends the answer', async () => {
    const { h } = await setup()
    const held = await holdRunKey(h.port, h.secret, {
      mode: 'proxy-read-only',
      command: 'sleep 99',
      max_seconds: 1
    })
    await held.ended
    expect(held.rest()).toBe('{"ended":"max_time"}\n')
    const refused = await send(h.port, { path: verify, headers: authed(held.secret) })
    expect(refused.status).toBe(401)
    expect(refused.json()).toMatchObject({
      error: expect.stringMatching(/^key_(revoked|expired)$/)
    })
  })

  test('refusals: a key cannot mint one, unknown or signed-out accounts, bad bodies', async () => {
    const { h, keys } = await setup()
    const key = keys.create({ name: 'bot', accounts: 'active', mode: 'token' })
    const byKey = await holdRunKey(h.port, key.plaintext, {
      mode: 'proxy-read-only',
      command: 'x'
    })
    expect(byKey.status).toBe(403)
    expect(byKey.first).toMatchObject({ error: 'key_scope' })

    const cases: Array<[Record<string, unknown>, number, string]> = [
      [
        { account: 'nobody@x.example', mode: 'proxy-read-only', command: 'x' },
        404,
        'unknown_account'
      ],
      [
        { account: 'carol@other.example', mode: 'proxy-read-only', command: 'x' },
        423,
        'needs_reauth'
      ],
      [{ mode: 'token', command: 'x' }, 400, 'bad_request'],
      [{ mode: 'proxy-read-only' }, 400, 'bad_request']
    ]
    for (const [body, status, error] of cases) {
      const refused = await holdRunKey(h.port, h.secret, body)
      expect(refused.status, JSON.stringify(body)).toBe(status)
      expect(refused.first).toMatchObject({ error })
    }
    h.source.accounts = h.source.accounts.map((a) => ({ ...a, active: false }))
    const none = await holdRunKey(h.port, h.secret, { mode: 'proxy-read-only', command: 'x' })
    expect(none.status).toBe(409)
    expect(none.first).toMatchObject({ error: 'no_active_account' })
    expect(keys.liveRunKeys()).toBe(0)
  })

  test('at most 32 live at once: the 33rd is refused with 429 until one ends', async () => {
    const { h } = await setup()
    const held: HeldRunKey[] = []
    for (let i = 0; i < 32; i++) {
      held.push(await holdRunKey(h.port, h.secret, { mode: 'proxy-read-only', command: `n${i}` }))
    }
    expect(held.every((k) => k.status === 201)).toBe(true)
    const over = await holdRunKey(h.port, h.secret, { mode: 'proxy-read-only', command: 'over' })
    expect(over.status).toBe(429)
    expect(over.first).toMatchObject({ error: 'too_many_run_keys' })
    held[0]!.close()
    await expect
      .poll(async () => {
        const again = await holdRunKey(h.port, h.secret, { mode: 'proxy-read-only', command: 'a' })
        return again.status
      })
      .toBe(201)
  })

  test('run keys never reach storage, and one found there is swept at start', async () => {
    const storage = memoryKeyStorage([
      {
        id: 'abc123',
        name: 'run: leftover',
        hash: 'f'.repeat(64),
        accounts: ['alice@social.example'],
        mode: 'proxy-read-write',
        createdAt: 1,
        run: { command: 'leftover' }
      }
    ])
    const keys = new ScriptKeyRegistry(storage)
    expect(keys.list()).toEqual([])
    keys.createRun({
      account: 'alice@social.example',
      mode: 'proxy-read-only',
      command: 'toot whoami',
      expiresAt: Date.now() + 60_000
    })
    const live = keys.list()
    expect(live).toHaveLength(1)
    keys.revokeRun(live[0]!.id)
    keys.flush()
    expect(storage.all().map((r) => r.id)).toEqual(['abc123'])
  })
})

describe('the proxy at the endpoint root', () => {
  test("the owner's secret is told to use /v1/proxy/<handle>; a key for several accounts is refused", async () => {
    const { up, h, keys } = await setup()
    const owner = await send(h.port, { path: verify, headers: authed(h.secret) })
    expect(owner.status).toBe(404)
    expect(owner.json()).toMatchObject({
      error: 'not_found',
      message: expect.stringContaining('/v1/proxy/')
    })
    const two = keys.create({
      name: 'two',
      accounts: ['alice@social.example', 'bob@social.example'],
      mode: 'proxy-read-only'
    })
    const several = await send(h.port, { path: verify, headers: authed(two.plaintext) })
    expect(several.status).toBe(403)
    expect(several.json()).toMatchObject({ error: 'key_scope' })
    // A key for "whichever is active" and one for a single account are both served at the root.
    const active = keys.create({ name: 'active', accounts: 'active', mode: 'proxy-read-only' })
    const bob = keys.create({
      name: 'bob',
      accounts: ['bob@social.example'],
      mode: 'proxy-read-only'
    })
    expect((await send(h.port, { path: verify, headers: authed(active.plaintext) })).status).toBe(
      200
    )
    expect((await send(h.port, { path: verify, headers: authed(bob.plaintext) })).status).toBe(200)
    expect(up.seen.map((s) => s.headers.authorization)).toEqual([
      'Bearer alice-token-0123456789',
      'Bearer bob-token-9876543210'
    ])
    const outside = await send(h.port, { path: '/api/../v1/token', headers: authed(bob.plaintext) })
    expect(outside.status).not.toBe(200)
  })

  test('Link and other headers into the instance API point at the proxy; other URLs are left alone', async () => {
    let upstreamUrl = ''
    const { h } = await setup((_req, res) =>
      json(res, 200, [], {
        link: `<${upstreamUrl}/api/v1/timelines/home?max_id=7&limit=2>; rel="next", <${upstreamUrl}/api/v1/timelines/home?min_id=9>; rel="prev", <https://elsewhere.example/api/v1/x>; rel="other"`,
        'x-next-page': `${upstreamUrl}/api/v1/timelines/home?max_id=7`,
        'x-profile': `${upstreamUrl}/@alice`
      })
    )
    upstreamUrl = h.source.accounts[0]!.apiBaseUrl
    const origin = `http://127.0.0.1:${h.port}`
    const run = await holdRunKey(h.port, h.secret, { mode: 'proxy-read-only', command: 'x' })
    const atRoot = await send(h.port, {
      path: '/api/v1/timelines/home',
      headers: authed(run.secret)
    })
    expect(atRoot.headers.link).toBe(
      `<${origin}/api/v1/timelines/home?max_id=7&limit=2>; rel="next", <${origin}/api/v1/timelines/home?min_id=9>; rel="prev", <https://elsewhere.example/api/v1/x>; rel="other"`
    )
    expect(atRoot.headers['x-next-page']).toBe(`${origin}/api/v1/timelines/home?max_id=7`)
    expect(atRoot.headers['x-profile']).toBe(`${upstreamUrl}/@alice`)

    const prefixed = await send(h.port, {
      path: '/v1/proxy/alice@social.example/api/v1/timelines/home',
      headers: authed(h.secret, { host: `localhost:${h.port}` })
    })
    expect(prefixed.headers.link).toContain(
      `<http://localhost:${h.port}/v1/proxy/alice@social.example/api/v1/timelines/home?max_id=7&limit=2>; rel="next"`
    )
  })

  test("the instance documents' streaming URLs point at the proxy", async () => {
    const { h } = await setup((req, res) => {
      if (req.url === '/api/v1/instance') {
        return json(res, 200, { uri: 'x', urls: { streaming_api: 'wss://streaming.example' } })
      }
      json(res, 200, { configuration: { urls: { streaming: 'wss://streaming.example' } } })
    })
    const run = await holdRunKey(h.port, h.secret, { mode: 'proxy-read-only', command: 'x' })
    const v1 = await send(h.port, { path: '/api/v1/instance', headers: authed(run.secret) })
    expect(v1.json()).toEqual({ uri: 'x', urls: { streaming_api: `ws://127.0.0.1:${h.port}` } })
    expect(Number(v1.headers['content-length'])).toBe(Buffer.byteLength(v1.text))
    const v2 = await send(h.port, {
      path: '/v1/proxy/alice@social.example/api/v2/instance',
      headers: authed(h.secret)
    })
    expect(v2.json()).toEqual({
      configuration: {
        urls: { streaming: `ws://127.0.0.1:${h.port}/v1/proxy/alice@social.example` }
      }
    })
  })

  test('text/event-stream is relayed event by event, and silence longer than the idle timeout does not cut it', async () => {
    let release: () => void = () => {}
    const secondEvent = new Promise<void>((resolve) => (release = resolve))
    const { h } = await setup(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' })
        res.write('event: update\ndata: {"id":"1"}\n\n')
        // The second event only after the client has the first: nothing may be held back.
        void secondEvent.then(() => {
          setTimeout(() => res.end('event: update\ndata: {"id":"2"}\n\n'), 600)
        })
      },
      { upstreamIdleTimeoutMs: 200 }
    )
    const run = await holdRunKey(h.port, h.secret, { mode: 'proxy-read-only', command: 'x' })
    const events: string[] = []
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.get(
        {
          host: '127.0.0.1',
          port: h.port,
          path: '/api/v1/streaming/user',
          agent: false,
          headers: { authorization: `Bearer ${run.secret}` }
        },
        (res) => {
          expect(res.headers['content-type']).toBe('text/event-stream')
          res.on('data', (chunk: Buffer) => {
            events.push(chunk.toString('utf8'))
            if (events.join('').includes('"id":"1"')) release()
          })
          res.on('end', () => resolve(res.statusCode ?? 0))
          res.on('error', reject)
        }
      )
      req.on('error', reject)
    })
    expect(status).toBe(200)
    expect(events.join('')).toBe(
      'event: update\ndata: {"id":"1"}\n\nevent: update\ndata: {"id":"2"}\n\n'
    )
  })

  test('a WebSocket upgrade is answered 501 with a message naming the HTTP streaming API', async () => {
    const { h } = await setup()
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(h.port, '127.0.0.1', () => {
        socket.write(
          [
            'GET /api/v1/streaming?stream=user HTTP/1.1',
            `Host: 127.0.0.1:${h.port}`,
            'Connection: Upgrade',
            'Upgrade: websocket',
            'Sec-WebSocket-Version: 13',
            'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
            '',
            ''
          ].join('\r\n')
        )
      })
      let text = ''
      socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')))
      socket.on('end', () => resolve(text))
      socket.on('error', reject)
    })
    expect(answer).toMatch(/^HTTP\/1\.1 501 Not Implemented\r\n/)
    expect(answer).toContain('websocket_unsupported')
    expect(answer).toContain('/api/v1/streaming/user')
  })

  test('a redirect within the API, taken at the root, stays at the root', async () => {
    let upstreamUrl = ''
    const { h } = await setup((req, res) => {
      if (req.url === '/api/v1/old') {
        res.writeHead(301, { location: `${upstreamUrl}/api/v1/new?x=1` })
        res.end()
        return
      }
      json(res, 200, { url: req.url })
    })
    upstreamUrl = h.source.accounts[0]!.apiBaseUrl
    const run = await holdRunKey(h.port, h.secret, { mode: 'proxy-read-only', command: 'x' })
    const moved = await send(h.port, { path: '/api/v1/old', headers: authed(run.secret) })
    expect(moved.status).toBe(301)
    expect(moved.headers.location).toBe('/api/v1/new?x=1')
  })
})
