import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { IpcResult } from '@shared/ipc/result'
import { startSimulator, type Simulator } from '../sim'
import { openIpcApp, type IpcApp } from '../support/ipc-app'

/**
 * Script keys through the composition root: created over the same dispatch the renderer's IPC
 * reaches, used against the real endpoint with the simulator as the instance, revoked, and
 * looked for everywhere a key must not be: IPC list answers, events, logs, files.
 */
let dataDir: string
let t: IpcApp
let sim: Simulator
let handle: string
let url: string

function data<T>(result: IpcResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.data
}

function get(path: string, key: string, method = 'GET') {
  return new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    request(`${url}${path}`, { method, headers: { Authorization: `Bearer ${key}` } }, (res) => {
      let text = ''
      res.on('data', (c) => (text += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text || '{}') }))
    })
      .on('error', reject)
      .end()
  })
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'fedivault-keys-app-'))
  // 4.3 still offers the password grant, the quickest sign-in to script.
  sim = await startSimulator({ personality: 'mastodon-4.3' })
  t = await openIpcApp({ dataDir })
  handle = data(
    await t.call('signin:password', {
      input: sim.url,
      username: 'alice@example.test',
      password: 'correct horse'
    })
  ).id
  url = data(await t.call('scriptAccess:set', { enabled: true })).scriptAccess.url!
})

afterAll(async () => {
  await t?.close()
  await sim?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('script keys in the app', () => {
  test('created over IPC, shown once; used, refused, trailed, revoked; found nowhere else', async () => {
    sim.resetStats()
    const created = data(
      await t.call('scriptKeys:create', {
        name: 'notification bot',
        accounts: [handle],
        mode: 'proxy-read-only'
      })
    )
    const key = created.plaintext
    expect(key).toMatch(/^fvk_/)
    expect(created.key).toMatchObject({ name: 'notification bot', state: 'active' })

    const read = await get(`/v1/proxy/${handle}/api/v1/accounts/verify_credentials`, key)
    expect(read.status).toBe(200)
    const refused = await get(`/v1/token`, key)
    expect(refused).toMatchObject({ status: 403, body: { error: 'key_scope' } })
    const writeRefused = await get(`/v1/proxy/${handle}/api/v1/statuses/1`, key, 'DELETE')
    expect(writeRefused.status).toBe(403)
    // Since sign-in, the instance saw only the key's one read.
    expect(sim.stats.log.map((e) => `${e.method} ${e.path}`)).toEqual([
      'GET /api/v1/accounts/verify_credentials'
    ])

    const listed = data(await t.call('scriptKeys:list')).keys
    expect(listed).toEqual([
      expect.objectContaining({ id: created.key.id, lastUsedAt: expect.any(Number) })
    ])
    const trail = data(await t.call('scriptKeys:trail', { id: created.key.id })).entries
    expect(trail.map((e) => [e.route, e.status])).toEqual([
      ['GET /api/v1/accounts/verify_credentials', 200],
      ['GET /v1/token', 403],
      [`DELETE /v1/proxy/${handle}/api/v1/statuses/1`, 403]
    ])
    const audit = data(await t.call('scriptAccess:auditLog')).entries
    expect(audit.filter((e) => e.key === 'notification bot')).toHaveLength(3)

    data(await t.call('scriptKeys:revoke', { id: created.key.id }))
    expect(await get('/v1/accounts', key)).toMatchObject({
      status: 401,
      body: { error: 'key_revoked' }
    })

    // Exactly one IPC answer carried the key: the one that created it. The hash crossed none.
    const hash = createHash('sha256').update(key).digest('hex')
    const carrying = t.answers.filter((a) => a.text.includes(key.slice(4)))
    expect(carrying.map((a) => a.channel)).toEqual(['scriptKeys:create'])
    for (const text of [...t.answers.map((a) => a.text), ...t.events, ...t.logs]) {
      expect(text).not.toContain(hash)
    }
    for (const text of [...t.events, ...t.logs]) expect(text).not.toContain(key.slice(4))
    for (const name of readdirSync(dataDir)) {
      const file = join(dataDir, name)
      if (statSync(file).isFile()) expect(readFileSync(file, 'utf8')).not.toContain(key.slice(4))
    }
    expect(readFileSync(join(dataDir, 'endpoint.json'), 'utf8')).not.toContain('fvk_')
    expect(readFileSync(join(dataDir, 'vault.json'), 'utf8')).toContain(hash)
  })

  test('invalid requests are refused by the contract; names stay unique', async () => {
    expect(
      await t.call('scriptKeys:create', {
        name: 'x',
        accounts: [handle],
        mode: 'admin' as 'token'
      })
    ).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    expect(
      await t.call('scriptKeys:create', { name: '', accounts: 'active', mode: 'token' })
    ).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    data(await t.call('scriptKeys:create', { name: 'dup', accounts: 'active', mode: 'token' }))
    expect(
      await t.call('scriptKeys:create', { name: 'dup', accounts: 'active', mode: 'token' })
    ).toMatchObject({ ok: false, error: { code: 'key_name_taken' } })
    expect(await t.call('scriptKeys:revoke', { id: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'key_not_found' }
    })
  })

  test('last-used times reach the vault when the app closes, and keys survive a restart', async () => {
    const { plaintext, key } = data(
      await t.call('scriptKeys:create', { name: 'survivor', accounts: 'active', mode: 'token' })
    )
    expect((await get('/v1/token', plaintext)).status).toBe(200)
    const storedBefore = JSON.parse(readFileSync(join(dataDir, 'vault.json'), 'utf8'))
    expect(storedBefore.scriptKeys[key.id].lastUsedAt).toBeUndefined()
    await t.app.close()
    const storedAfter = JSON.parse(readFileSync(join(dataDir, 'vault.json'), 'utf8'))
    expect(storedAfter.scriptKeys[key.id].lastUsedAt).toEqual(expect.any(Number))

    t = await openIpcApp({ dataDir })
    url = t.app.scriptAccess.status().url!
    expect((await get('/v1/token', plaintext)).body).toMatchObject({ handle })
  })
})
