import { afterEach, describe, expect, test } from 'vitest'
import { startSimulator, type Simulator } from '../../sim'
import { ScriptKeyRegistry } from '../../../src/main/script-keys'
import { account, authed, send, startEndpoint, type Harness } from './fixtures'
import { signInAlice } from './sim-sign-in'
import { memoryKeyStorage } from '../../support/memory-key-storage'
import { MemoryAccountSource } from '../../support/endpoint-doubles'

/**
 * Script keys in front of the fediverse simulator, whose request log is the proof of what reached
 * the instance: a read-only key never causes a write there, and a key revoked while one of its
 * calls is in flight is refused from the next request on.
 */

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

async function stack(): Promise<{
  sim: Simulator
  h: Harness
  keys: ScriptKeyRegistry
  handle: string
}> {
  const sim = await startSimulator({ personality: 'mastodon-4.6' })
  cleanups.push(() => sim.close())
  const accessToken = await signInAlice(sim)
  const handle = `alice@${sim.host}`
  const source = new MemoryAccountSource(
    [account(handle, { active: true, apiBaseUrl: sim.url })],
    { [handle]: { accessToken, tokenType: 'Bearer', scopes: ['read', 'write'], expiresAt: null } }
  )
  const keys = new ScriptKeyRegistry(memoryKeyStorage())
  const h = await startEndpoint({ source, keys })
  cleanups.push(() => h.cleanup())
  sim.resetStats()
  return { sim, h, keys, handle }
}

describe('script keys against the simulator', () => {
  test('a read-only key can never cause a write upstream: the simulator saw only its GETs', async () => {
    const { sim, h, keys, handle } = await stack()
    const readOnly = keys.create({ name: 'reader', accounts: [handle], mode: 'proxy-read-only' })
    const writer = keys.create({ name: 'writer', accounts: [handle], mode: 'proxy-read-write' })
    const api = (path: string) => `/v1/proxy/${handle}${path}`

    for (const [method, path] of [
      ['POST', '/api/v1/statuses'],
      ['PUT', '/api/v1/statuses/1'],
      ['PATCH', '/api/v1/accounts/update_credentials'],
      ['DELETE', '/api/v1/statuses/1'],
      ['POST', '/api/v1/apps'],
      ['OPTIONS', '/api/v1/statuses']
    ] as const) {
      const reply = await send(h.port, {
        method,
        path: api(path),
        headers: authed(readOnly.plaintext, { 'content-type': 'application/json' }),
        // DELETE and OPTIONS without a body: Node's client would send one unframed.
        body: method === 'OPTIONS' || method === 'DELETE' ? undefined : '{"status":"must not post"}'
      })
      expect(reply.status, `${method} ${path}`).toBe(403)
      expect(reply.json()).toMatchObject({ error: 'key_scope' })
    }
    expect(sim.stats.log).toEqual([])

    const read = await send(h.port, {
      path: api('/api/v1/accounts/verify_credentials'),
      headers: authed(readOnly.plaintext)
    })
    expect(read.status).toBe(200)
    expect(read.json()).toMatchObject({ username: 'alice' })
    expect(sim.stats.log.map((e) => `${e.method} ${e.path}`)).toEqual([
      'GET /api/v1/accounts/verify_credentials'
    ])

    // The same write with a read-write key does reach the instance: the refusal above was the key's.
    await send(h.port, {
      method: 'POST',
      path: api('/api/v1/statuses'),
      headers: authed(writer.plaintext, { 'content-type': 'application/json' }),
      body: '{"status":"posted"}'
    })
    expect(sim.stats.log.map((e) => `${e.method} ${e.path}`)).toEqual([
      'GET /api/v1/accounts/verify_credentials',
      'POST /api/v1/statuses'
    ])
  })

  test('revoked while a proxied request is in flight: that one completes, the next is refused', async () => {
    const { sim, h, keys, handle } = await stack()
    const { plaintext, key } = keys.create({
      name: 'slow',
      accounts: [handle],
      mode: 'proxy-read-write'
    })
    sim.setLatency(1_500)
    const path = `/v1/proxy/${handle}/api/v1/accounts/verify_credentials`
    const inFlight = send(h.port, { path, headers: authed(plaintext) })
    await expect.poll(() => sim.stats.inFlight, { timeout: 10_000 }).toBe(1)

    keys.revoke({ id: key.id })
    const next = await send(h.port, { path, headers: authed(plaintext) })
    expect(next.status).toBe(401)
    expect(next.json()).toMatchObject({ error: 'key_revoked' })

    const first = await inFlight
    expect(first.status).toBe(200)
    expect(first.json()).toMatchObject({ username: 'alice' })
    // The refused request never reached the instance.
    expect(sim.stats.requests).toBe(1)
  })
})
