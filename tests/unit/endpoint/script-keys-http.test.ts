import { afterEach, describe, expect, test } from 'vitest'
import type { AuditEntry } from '@shared/domain/settings'
import type { ScriptKeyMode } from '@shared/domain/script-keys'
import { ScriptKeyRegistry, withKeyTrails } from '../../../src/main/script-keys'
import { RingAuditLog } from '../../../src/main/endpoint/audit-log'
import type { ScriptAccountSource } from '../../../src/main/endpoint/ports'
import { authed, sampleSource, send, startEndpoint, type Harness } from './fixtures'
import { startUpstream, type Upstream } from './upstream'
import { memoryKeyStorage } from '../../support/memory-key-storage'

/**
 * Script keys against the real endpoint on loopback, with a recording stand-in instance: what
 * each mode may do on each route, accounts outside a key, expiry, revocation, the shared
 * failed-authentication limiter, management with the owner's secret, and that a key shows up
 * nowhere but in the answer that created it.
 */

const alice = 'alice@social.example'
const bob = 'bob@social.example'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

interface Setup {
  h: Harness
  up: Upstream
  keys: ScriptKeyRegistry
  storage: ReturnType<typeof memoryKeyStorage>
  time: { now(): number; advance(ms: number): void }
  audit: RingAuditLog
  logs: string[]
  tokenLookups: Array<string | undefined>
  /** Bodies that reached the importer behind `POST /v1/import`. */
  imports: unknown[]
}

async function setup(
  options: { failedAuth?: { maxFailures: number; windowMs: number; lockoutMs: number } } = {}
): Promise<Setup> {
  const up = await startUpstream((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ method: req.method, url: req.url }))
  })
  cleanups.push(() => up.close())
  let now = Date.UTC(2026, 5, 1)
  const time = { now: () => now, advance: (ms: number) => void (now += ms) }
  const logs: string[] = []
  const logger = {
    info: (m: string, f?: unknown) => void logs.push(`${m} ${JSON.stringify(f ?? {})}`),
    warn: (m: string, f?: unknown) => void logs.push(`${m} ${JSON.stringify(f ?? {})}`),
    error: (m: string, f?: unknown) => void logs.push(`${m} ${JSON.stringify(f ?? {})}`)
  }
  const storage = memoryKeyStorage()
  const keys = new ScriptKeyRegistry(storage, { clock: time, log: logger })
  const memory = sampleSource(up.url)
  const tokenLookups: Array<string | undefined> = []
  const source: ScriptAccountSource = {
    listAccounts: () => memory.listAccounts(),
    tokenFor: (handle) => {
      tokenLookups.push(handle)
      return memory.tokenFor(handle)
    }
  }
  const audit = new RingAuditLog()
  const imports: unknown[] = []
  const h = await startEndpoint({
    importer: async (body) => {
      imports.push(body)
      return { accounts: [] }
    },
    source: memory,
    accounts: source,
    keys,
    audit: withKeyTrails(audit, keys),
    logger,
    clock: time,
    ...(options.failedAuth ? { limits: { failedAuth: options.failedAuth } } : {})
  })
  cleanups.push(() => h.cleanup())
  return { h, up, keys, storage, time, audit, logs, tokenLookups, imports }
}

function keyFor(s: Setup, mode: ScriptKeyMode, accounts: 'active' | string[] = [alice]) {
  return s.keys.create({ name: `${mode} key`, accounts, mode }).plaintext
}

const routes = {
  'GET /v1/accounts': { method: 'GET', path: '/v1/accounts' },
  'GET /v1/token': { method: 'GET', path: '/v1/token' },
  'GET /v1/token?account=alice': { method: 'GET', path: `/v1/token?account=${alice}` },
  'GET proxy alice': { method: 'GET', path: `/v1/proxy/${alice}/api/v1/notifications` },
  'HEAD proxy alice': { method: 'HEAD', path: `/v1/proxy/${alice}/api/v1/notifications` },
  'POST proxy alice': { method: 'POST', path: `/v1/proxy/${alice}/api/v1/statuses` },
  'PUT proxy alice': { method: 'PUT', path: `/v1/proxy/${alice}/api/v1/statuses/1` },
  'PATCH proxy alice': {
    method: 'PATCH',
    path: `/v1/proxy/${alice}/api/v1/accounts/update_credentials`
  },
  'DELETE proxy alice': { method: 'DELETE', path: `/v1/proxy/${alice}/api/v1/statuses/1` },
  'GET /v1/keys': { method: 'GET', path: '/v1/keys' },
  'POST /v1/keys': { method: 'POST', path: '/v1/keys' },
  'DELETE /v1/keys/x': { method: 'DELETE', path: '/v1/keys/x' },
  'POST /v1/import': { method: 'POST', path: '/v1/import' }
} as const
type RouteName = keyof typeof routes

const writes: RouteName[] = [
  'POST proxy alice',
  'PUT proxy alice',
  'PATCH proxy alice',
  'DELETE proxy alice'
]
const reads: RouteName[] = ['GET /v1/accounts', 'GET proxy alice', 'HEAD proxy alice']
const tokens: RouteName[] = ['GET /v1/token', 'GET /v1/token?account=alice']
// Key management (GET/POST /v1/keys, DELETE /v1/keys/x) and importing accounts (POST /v1/import)
// are for the owner's secret only.

const allowedRoutes: Record<ScriptKeyMode, RouteName[]> = {
  'proxy-read-only': reads,
  'proxy-read-write': [...reads, ...writes],
  token: [...reads, ...writes, ...tokens]
}

describe('script keys: every mode on every route', () => {
  test.each(Object.keys(allowedRoutes) as ScriptKeyMode[])('%s', async (mode) => {
    const s = await setup()
    const key = keyFor(s, mode)
    const statuses: Record<string, number> = {}
    const errors: Record<string, string | undefined> = {}
    for (const [name, route] of Object.entries(routes)) {
      const reply = await send(s.h.port, {
        method: route.method,
        path: route.path,
        headers: authed(key, route.method === 'POST' ? { 'content-type': 'application/json' } : {}),
        body: route.method === 'POST' ? '{"status":"hi"}' : undefined
      })
      statuses[name] = reply.status
      errors[name] = reply.headers['x-fedivault-error'] as string | undefined
    }
    const expected = Object.fromEntries(
      Object.keys(routes).map((name) => [
        name,
        allowedRoutes[mode].includes(name as RouteName) ? 200 : 403
      ])
    )
    expect(statuses).toEqual(expected)
    for (const name of Object.keys(routes)) {
      expect(errors[name]).toBe(
        allowedRoutes[mode].includes(name as RouteName) ? undefined : 'key_scope'
      )
    }
    // Method filtering happens before forwarding: the instance saw exactly the allowed calls.
    const forwarded = s.up.seen.map((r) => r.method).sort()
    const expectedForwarded = allowedRoutes[mode]
      .filter((n) => n.includes('proxy'))
      .map((n) => n.split(' ')[0]!)
      .sort()
    expect(forwarded).toEqual(expectedForwarded)
    if (mode === 'proxy-read-only') {
      expect(s.up.seen.every((r) => r.method === 'GET' || r.method === 'HEAD')).toBe(true)
    }
    // No key of any mode adds accounts: the importer was never reached.
    expect(s.imports).toEqual([])
    // Refusals are audited under the key's name, with 403.
    const refused = s.audit.entries().filter((e) => e.status === 403)
    expect(refused).toHaveLength(Object.keys(routes).length - allowedRoutes[mode].length)
    expect(refused.every((e) => e.key === `${mode} key` && e.keyId !== undefined)).toBe(true)
  })

  test('a refused token request names what the key lacks and never looks the token up', async () => {
    const s = await setup()
    const key = keyFor(s, 'proxy-read-write')
    const reply = await send(s.h.port, { path: '/v1/token', headers: authed(key) })
    expect(reply.status).toBe(403)
    expect(reply.json()).toEqual({
      error: 'key_scope',
      message: expect.stringMatching(/may not fetch tokens.*proxy, read and write/)
    })
    expect(reply.text).not.toContain('alice-token')
    expect(s.tokenLookups).toEqual([])
  })

  test('the owner secret is untouched: it still does everything', async () => {
    const s = await setup()
    keyFor(s, 'proxy-read-only')
    for (const route of [
      'GET /v1/token',
      'POST proxy alice',
      'GET /v1/keys',
      'POST /v1/import'
    ] as const) {
      const r = routes[route]
      const post = r.method === 'POST'
      const reply = await send(s.h.port, {
        method: r.method,
        path: r.path,
        headers: authed(s.h.secret, post ? { 'content-type': 'application/json' } : {}),
        body: post ? '{"sources":[]}' : undefined
      })
      expect(reply.status, route).toBe(200)
    }
    expect(s.imports).toEqual([{ sources: [] }])
  })
})

describe('script keys: accounts', () => {
  test('an account outside the key: 403 key_scope naming it, audited, nothing looked up or forwarded', async () => {
    const s = await setup()
    const key = keyFor(s, 'token')
    for (const path of [`/v1/proxy/${bob}/api/v1/notifications`, `/v1/token?account=${bob}`]) {
      const reply = await send(s.h.port, { path, headers: authed(key) })
      expect(reply.status).toBe(403)
      expect(reply.json()).toEqual({
        error: 'key_scope',
        message: `The key "token key" may not use ${bob}; it may use ${alice}.`
      })
    }
    // Even an account that does not exist is refused for the key, not reported as unknown.
    const ghost = await send(s.h.port, {
      path: '/v1/proxy/ghost@nowhere.example/api/v1/notifications',
      headers: authed(key)
    })
    expect(ghost.json()).toMatchObject({ error: 'key_scope' })
    expect(s.tokenLookups).toEqual([])
    expect(s.up.seen).toEqual([])
    expect(s.audit.entries().map((e) => [e.account, e.status, e.key])).toEqual([
      [bob, 403, 'token key'],
      [bob, 403, 'token key'],
      ['ghost@nowhere.example', 403, 'token key']
    ])
  })

  test('/v1/accounts lists only what the key covers', async () => {
    const s = await setup()
    const accountsOf = async (key: string) =>
      (
        (await send(s.h.port, { path: '/v1/accounts', headers: authed(key) })).json() as {
          accounts: { handle: string }[]
        }
      ).accounts.map((a) => a.handle)
    expect(await accountsOf(keyFor(s, 'token', [bob]))).toEqual([bob])
    expect(await accountsOf(keyFor(s, 'proxy-read-only', 'active'))).toEqual([alice])
    expect(await accountsOf(s.h.secret)).toHaveLength(3)
  })

  test('"the active account" follows the switch; the token handed out is the one checked', async () => {
    const s = await setup()
    const key = keyFor(s, 'token', 'active')
    const token = async () =>
      (await send(s.h.port, { path: '/v1/token', headers: authed(key) })).json() as {
        handle?: string
        error?: string
      }
    expect((await token()).handle).toBe(alice)
    for (const a of s.h.source.accounts) a.active = a.id === bob
    expect((await token()).handle).toBe(bob)
    expect(s.tokenLookups).toEqual([alice, bob])
    const reply = await send(s.h.port, { path: `/v1/token?account=${alice}`, headers: authed(key) })
    expect(reply.json()).toMatchObject({
      error: 'key_scope',
      message: expect.stringContaining(`may only use the active account, and ${alice} is not it`)
    })
  })
})

describe('script keys: expiry, revocation, failures', () => {
  test('expired: 401 key_expired, audited; other keys and the owner carry on', async () => {
    const s = await setup()
    const weekly = s.keys.create({
      name: 'weekly',
      accounts: [alice],
      mode: 'proxy-read-only',
      expiresAt: s.time.now() + 7 * 86_400_000
    }).plaintext
    const other = keyFor(s, 'proxy-read-only')
    const path = routes['GET proxy alice'].path
    expect((await send(s.h.port, { path, headers: authed(weekly) })).status).toBe(200)
    s.time.advance(7 * 86_400_000)
    const reply = await send(s.h.port, { path, headers: authed(weekly) })
    expect(reply.status).toBe(401)
    expect(reply.json()).toMatchObject({ error: 'key_expired' })
    expect(reply.headers['x-fedivault-error']).toBe('key_expired')
    expect((await send(s.h.port, { path, headers: authed(other) })).status).toBe(200)
    expect(s.audit.entries().at(-2)).toMatchObject({ status: 401, key: 'weekly' })
  })

  test('revoked: 401 key_revoked on the very next request, without disturbing other keys', async () => {
    const s = await setup()
    const a = s.keys.create({ name: 'a', accounts: [alice], mode: 'token' })
    const b = keyFor(s, 'token')
    expect((await send(s.h.port, { path: '/v1/token', headers: authed(a.plaintext) })).status).toBe(
      200
    )
    s.keys.revoke({ id: a.key.id })
    const reply = await send(s.h.port, { path: '/v1/token', headers: authed(a.plaintext) })
    expect(reply.status).toBe(401)
    expect(reply.json()).toMatchObject({ error: 'key_revoked' })
    expect((await send(s.h.port, { path: '/v1/token', headers: authed(b) })).status).toBe(200)
    expect((await send(s.h.port, { path: '/v1/token', headers: authed(s.h.secret) })).status).toBe(
      200
    )
  })

  test('the failed-authentication limiter is global: guessed keys lock out everyone', async () => {
    const s = await setup({ failedAuth: { maxFailures: 3, windowMs: 60_000, lockoutMs: 30_000 } })
    const key = keyFor(s, 'token')
    for (let i = 0; i < 3; i++) {
      const guess = await send(s.h.port, {
        path: '/v1/token',
        headers: authed(`fvk_${String(i).repeat(43)}`)
      })
      expect(guess.status).toBe(401)
      expect(guess.json()).toMatchObject({ error: 'unauthorized' })
    }
    expect((await send(s.h.port, { path: '/v1/token', headers: authed(key) })).status).toBe(429)
    expect((await send(s.h.port, { path: '/v1/token', headers: authed(s.h.secret) })).status).toBe(
      429
    )
    s.time.advance(30_000)
    expect((await send(s.h.port, { path: '/v1/token', headers: authed(key) })).status).toBe(200)
  })

  test('last used is kept in memory per request and written in a batch; each key has a trail', async () => {
    const s = await setup()
    const key = keyFor(s, 'proxy-read-only')
    const writesAfterCreate = s.storage.writes
    for (let i = 0; i < 5; i++) {
      s.time.advance(1_000)
      await send(s.h.port, { path: routes['GET proxy alice'].path, headers: authed(key) })
    }
    expect(s.storage.writes).toBe(writesAfterCreate)
    expect(s.keys.list()[0]!.lastUsedAt).toBe(s.time.now())
    s.keys.flush()
    expect(s.storage.writes).toBe(writesAfterCreate + 1)
    expect(s.storage.all()[0]!.lastUsedAt).toBe(s.time.now())
    const id = s.keys.list()[0]!.id
    expect(s.keys.trail(id)).toHaveLength(5)
    expect(s.keys.trail(id)[0]).toMatchObject({
      route: 'GET /api/v1/notifications',
      account: alice,
      status: 200,
      key: 'proxy-read-only key'
    })
  })
})

describe('script keys: management with the owner secret', () => {
  test('create, list, revoke; a key itself cannot manage keys', async () => {
    const s = await setup()
    const created = await send(s.h.port, {
      method: 'POST',
      path: '/v1/keys',
      headers: authed(s.h.secret, { 'content-type': 'application/json' }),
      body: JSON.stringify({
        name: 'notification bot',
        accounts: [alice],
        mode: 'proxy-read-only',
        expires_at: new Date(s.time.now() + 30 * 86_400_000).toISOString()
      })
    })
    expect(created.status).toBe(201)
    expect(created.headers['cache-control']).toBe('no-store')
    const { key, secret } = created.json() as { key: Record<string, unknown>; secret: string }
    expect(secret).toMatch(/^fvk_[A-Za-z0-9_-]{43}$/)
    expect(key).toMatchObject({
      name: 'notification bot',
      accounts: [alice],
      mode: 'proxy-read-only',
      state: 'active',
      last_used_at: null,
      expires_at: new Date(s.time.now() + 30 * 86_400_000).toISOString()
    })

    const refused = await send(s.h.port, {
      method: 'POST',
      path: '/v1/keys',
      headers: authed(secret, { 'content-type': 'application/json' }),
      body: JSON.stringify({ name: 'escalate', accounts: [alice], mode: 'token' })
    })
    expect(refused.status).toBe(403)
    expect(refused.json()).toMatchObject({
      error: 'key_scope',
      message: expect.stringContaining('cannot manage keys')
    })

    const dup = await send(s.h.port, {
      method: 'POST',
      path: '/v1/keys',
      headers: authed(s.h.secret),
      body: JSON.stringify({ name: 'Notification bot', accounts: 'active', mode: 'token' })
    })
    expect(dup.status).toBe(409)
    expect(dup.json()).toMatchObject({ error: 'key_name_taken' })
    const bad = await send(s.h.port, {
      method: 'POST',
      path: '/v1/keys',
      headers: authed(s.h.secret),
      body: JSON.stringify({ name: 'x', accounts: [], mode: 'admin' })
    })
    expect(bad.status).toBe(400)
    expect(bad.json()).toMatchObject({
      error: 'bad_request',
      message: expect.stringContaining('accounts')
    })

    const list = await send(s.h.port, { path: '/v1/keys', headers: authed(s.h.secret) })
    expect(list.status).toBe(200)
    expect(list.text).not.toContain(secret)
    expect(list.text).not.toContain('hash')

    const revoked = await send(s.h.port, {
      method: 'DELETE',
      path: `/v1/keys/${encodeURIComponent('notification bot')}`,
      headers: authed(s.h.secret)
    })
    expect(revoked.json()).toMatchObject({ key: { state: 'revoked' } })
    expect((await send(s.h.port, { path: '/v1/accounts', headers: authed(secret) })).status).toBe(
      401
    )
    const missing = await send(s.h.port, {
      method: 'DELETE',
      path: '/v1/keys/nope',
      headers: authed(s.h.secret)
    })
    expect(missing.status).toBe(404)
    expect(missing.json()).toMatchObject({ error: 'unknown_key' })

    // The key appears in no log line, audit entry or discovery file; only in the create answer.
    const everything = [
      ...s.logs,
      JSON.stringify(s.audit.entries() satisfies AuditEntry[]),
      JSON.stringify(s.keys.list())
    ].join('\n')
    expect(everything).not.toContain(secret)
    expect(everything).not.toContain(secret.slice(4))
  })
})
