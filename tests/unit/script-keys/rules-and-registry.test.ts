import { describe, expect, test } from 'vitest'
import {
  authorizeKey,
  hashKey,
  ScriptKeyError,
  ScriptKeyRegistry,
  type KeyRequest
} from '../../../src/main/script-keys'
import type { ScriptKeyMode } from '@shared/domain/script-keys'
import { memoryKeyStorage } from '../../support/memory-key-storage'

const alice = 'alice@social.example'
const bob = 'bob@social.example'

function clock(start = Date.UTC(2026, 0, 1)) {
  let now = start
  return { now: () => now, advance: (ms: number) => void (now += ms) }
}

describe('authorizeKey', () => {
  const key = (mode: ScriptKeyMode, accounts: 'active' | string[] = [alice]) => ({
    name: 'bot',
    mode,
    accounts
  })
  const requests: Record<string, KeyRequest> = {
    accounts: { route: 'accounts' },
    'token (active)': { route: 'token', account: undefined },
    'token alice': { route: 'token', account: alice },
    'proxy GET alice': { route: 'proxy', handle: alice, method: 'GET' },
    'proxy HEAD alice': { route: 'proxy', handle: alice, method: 'HEAD' },
    'proxy POST alice': { route: 'proxy', handle: alice, method: 'POST' },
    'proxy DELETE alice': { route: 'proxy', handle: alice, method: 'DELETE' },
    'proxy GET bob': { route: 'proxy', handle: bob, method: 'GET' },
    'token bob': { route: 'token', account: bob },
    keys: { route: 'keys' }
  }
  const allowed: Record<ScriptKeyMode, string[]> = {
    'proxy-read-only': ['accounts', 'proxy GET alice', 'proxy HEAD alice'],
    'proxy-read-write': [
      'accounts',
      'proxy GET alice',
      'proxy HEAD alice',
      'proxy POST alice',
      'proxy DELETE alice'
    ],
    token: [
      'accounts',
      'token (active)',
      'token alice',
      'proxy GET alice',
      'proxy HEAD alice',
      'proxy POST alice',
      'proxy DELETE alice'
    ]
  }
  test.each(Object.keys(allowed) as ScriptKeyMode[])('%s: every route', (mode) => {
    const decided = Object.fromEntries(
      Object.entries(requests).map(([name, request]) => [
        name,
        authorizeKey(key(mode), request, alice).allowed
      ])
    )
    const expected = Object.fromEntries(
      Object.keys(requests).map((name) => [name, allowed[mode].includes(name)])
    )
    expect(decided).toEqual(expected)
  })

  test('a refusal names what the key lacks', () => {
    expect(authorizeKey(key('proxy-read-only'), requests['proxy POST alice']!, alice)).toEqual({
      allowed: false,
      lacks: 'mode',
      message: expect.stringMatching(/read-only.*not POST/)
    })
    expect(authorizeKey(key('token'), requests['token bob']!, alice)).toEqual({
      allowed: false,
      lacks: 'account',
      message: expect.stringContaining(`may not use ${bob}; it may use ${alice}`)
    })
    expect(authorizeKey(key('proxy-read-write'), requests['token alice']!, alice)).toMatchObject({
      allowed: false,
      lacks: 'mode',
      message: expect.stringContaining('may not fetch tokens')
    })
    expect(authorizeKey(key('token'), requests.keys!, alice)).toMatchObject({
      lacks: 'management'
    })
  })

  test('"the active account" follows the active account, and a token request names it', () => {
    const active = key('token', 'active')
    expect(authorizeKey(active, { route: 'token', account: undefined }, bob)).toEqual({
      allowed: true,
      account: bob
    })
    expect(authorizeKey(active, { route: 'token', account: alice }, bob).allowed).toBe(false)
    expect(authorizeKey(active, { route: 'proxy', handle: bob, method: 'GET' }, bob).allowed).toBe(
      true
    )
    expect(
      authorizeKey(active, { route: 'proxy', handle: '@BOB@social.example', method: 'GET' }, bob)
        .allowed
    ).toBe(true)
    expect(
      authorizeKey(active, { route: 'proxy', handle: alice, method: 'GET' }, bob)
    ).toMatchObject({
      allowed: false,
      message: expect.stringContaining('may only use the active account')
    })
  })

  test('a key for a list: the active account is used only when it is on the list', () => {
    expect(authorizeKey(key('token'), { route: 'token', account: undefined }, bob)).toMatchObject({
      allowed: false,
      lacks: 'account'
    })
  })
})

describe('ScriptKeyRegistry', () => {
  test('created once as fvk_ + 43 base64url characters; only its SHA-256 is stored', () => {
    const storage = memoryKeyStorage()
    const keys = new ScriptKeyRegistry(storage, { clock: clock() })
    const { key, plaintext } = keys.create({
      name: 'notification bot',
      accounts: ['@Alice@Social.example', alice],
      mode: 'proxy-read-only'
    })
    expect(plaintext).toMatch(/^fvk_[A-Za-z0-9_-]{43}$/)
    expect(Buffer.from(plaintext.slice(4), 'base64url')).toHaveLength(32)
    expect(key).toMatchObject({ name: 'notification bot', accounts: [alice], state: 'active' })
    const stored = JSON.stringify(storage.all())
    expect(stored).not.toContain(plaintext)
    expect(stored).not.toContain(plaintext.slice(4))
    expect(storage.all()[0]!.hash).toBe(hashKey(plaintext))
    expect(JSON.stringify(keys.list())).not.toContain(hashKey(plaintext))
  })

  test('two keys never share a value; names are unique among keys not revoked', () => {
    const keys = new ScriptKeyRegistry(memoryKeyStorage(), { clock: clock() })
    const a = keys.create({ name: 'backup', accounts: 'active', mode: 'token' })
    expect(() => keys.create({ name: 'Backup', accounts: 'active', mode: 'token' })).toThrow(
      expect.objectContaining({ code: 'key_name_taken' })
    )
    keys.revoke({ name: 'backup' })
    const b = keys.create({ name: 'backup', accounts: 'active', mode: 'token' })
    expect(b.plaintext).not.toBe(a.plaintext)
    expect(keys.revoke({ name: 'backup' }).id).toBe(b.key.id)
    // Revoking again names the latest one and changes nothing.
    expect(keys.revoke({ name: 'backup' })).toMatchObject({ id: b.key.id, state: 'revoked' })
    expect(() => keys.revoke({ name: 'nope' })).toThrow(ScriptKeyError)
  })

  test('authenticate: unknown, active, expired, revoked', () => {
    const time = clock()
    const keys = new ScriptKeyRegistry(memoryKeyStorage(), { clock: time })
    const { plaintext, key } = keys.create({
      name: 'weekly',
      accounts: [alice],
      mode: 'proxy-read-write',
      expiresAt: time.now() + 7 * 86_400_000
    })
    expect(keys.authenticate('fvk_' + 'A'.repeat(43))).toBeNull()
    expect(keys.authenticate('not-a-key')).toBeNull()
    expect(keys.authenticate(plaintext)).toMatchObject({ status: 'active', key: { id: key.id } })
    time.advance(7 * 86_400_000)
    expect(keys.authenticate(plaintext)).toMatchObject({ status: 'expired' })
    expect(keys.list()[0]!.state).toBe('expired')
    keys.revoke({ id: key.id })
    expect(keys.authenticate(plaintext)).toMatchObject({ status: 'revoked' })
    expect(() =>
      keys.create({ name: 'late', accounts: 'active', mode: 'token', expiresAt: time.now() - 1 })
    ).toThrow(expect.objectContaining({ code: 'invalid_key' }))
  })

  test('last-used times are batched: no write per request, one write per flush', () => {
    const time = clock()
    const storage = memoryKeyStorage()
    const keys = new ScriptKeyRegistry(storage, { clock: time, flushDelayMs: 60_000 })
    const { plaintext } = keys.create({ name: 'poller', accounts: 'active', mode: 'token' })
    const writesAfterCreate = storage.writes
    for (let i = 0; i < 1000; i++) {
      time.advance(10)
      keys.authenticate(plaintext)
    }
    expect(storage.writes).toBe(writesAfterCreate)
    expect(keys.list()[0]!.lastUsedAt).toBe(time.now())
    expect(storage.all()[0]!.lastUsedAt).toBeUndefined()
    keys.flush()
    expect(storage.writes).toBe(writesAfterCreate + 1)
    expect(storage.all()[0]!.lastUsedAt).toBe(time.now())
    keys.flush()
    expect(storage.writes).toBe(writesAfterCreate + 1)
    // Reopened from storage, the key still works and remembers its last use.
    const reopened = new ScriptKeyRegistry(storage, { clock: time })
    expect(reopened.authenticate(plaintext)?.status).toBe('active')
    expect(reopened.list()[0]!.lastUsedAt).toBe(time.now())
  })

  test('each key has its own audit trail', () => {
    const keys = new ScriptKeyRegistry(memoryKeyStorage(), { clock: clock(), trailCapacity: 2 })
    const a = keys.create({ name: 'a', accounts: 'active', mode: 'token' }).key
    const b = keys.create({ name: 'b', accounts: 'active', mode: 'token' }).key
    for (let i = 0; i < 5; i++)
      keys.recordAudit({ at: i, route: 'GET /v1/token', status: 200, keyId: a.id })
    keys.recordAudit({ at: 9, route: 'GET /v1/accounts', status: 200, keyId: b.id })
    expect(keys.trail(a.id).map((e) => e.at)).toEqual([3, 4])
    expect(keys.trail(b.id).map((e) => e.route)).toEqual(['GET /v1/accounts'])
  })
})
