import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { accountProfileSchema, accountsStateSchema } from '@shared/domain/account'
import {
  EngineFailure,
  SCRIPT_REFRESH_RETRY_MS,
  VaultError,
  vaultStorePath
} from '../../../src/main/vault'
import { appFor, signIn } from './support/fixtures'
import { makeVault } from './support/vault-harness'

async function rejects(promise: Promise<unknown> | (() => unknown), code: string) {
  const run = typeof promise === 'function' ? Promise.resolve().then(promise) : promise
  await expect(run).rejects.toSatisfy((e) => e instanceof VaultError && e.code === code)
}

describe('add', () => {
  test('saves a verified sign-in, makes it active, and survives a restart', async () => {
    const { vault, server, reopen } = makeVault()
    const input = signIn(server, 'alice', 'social.example')
    const profile = await vault.add(input)

    expect(accountProfileSchema.parse(profile)).toEqual(profile)
    expect(profile).toMatchObject({
      id: 'alice@social.example',
      username: 'alice',
      domain: 'social.example',
      apiBaseUrl: 'https://social.example',
      software: 'mastodon',
      displayName: 'alice display',
      followersCount: 3,
      status: 'ok',
      active: true,
      scopes: ['read', 'write']
    })
    const again = reopen()
    expect(again.list()).toEqual(vault.list())
    expect((await again.getAccessToken()).accessToken).toBe(input.tokens.accessToken)
  })

  test('the id comes from the verified account, in canonical lower case', async () => {
    const { vault, server } = makeVault()
    const input = signIn(server, 'Alice', 'Social.Example')
    input.handle = '@ALICE@Social.Example'
    const profile = await vault.add(input)
    expect(profile.id).toBe('alice@social.example')
    expect(profile.username).toBe('Alice')
  })

  test.each([
    ['no account', (i: Record<string, unknown>) => void (i.account = {})],
    [
      'an account without a username',
      (i: Record<string, unknown>) => void (i.account = { id: '1' })
    ],
    [
      'a handle naming someone else',
      (i: Record<string, unknown>) => void (i.handle = 'mallory@social.example')
    ],
    ['a handle without a domain', (i: Record<string, unknown>) => void (i.handle = 'alice')],
    [
      'an empty token',
      (i: Record<string, unknown>) => void ((i.tokens as { accessToken: string }).accessToken = '')
    ]
  ])('refuses %s and persists nothing', async (_name, spoil) => {
    const { vault, server, dir } = makeVault()
    const input = signIn(server, 'alice', 'social.example') as unknown as Record<string, unknown>
    spoil(input)
    await rejects(vault.add(input as never), 'unverified_account')
    expect(vault.list().accounts).toEqual([])
    expect(() => readFileSync(vaultStorePath(dir))).toThrow(/ENOENT/)
  })

  test('signing in again replaces the token, revokes the old one and keeps label and position', async () => {
    const { vault, server } = makeVault()
    const app = appFor('social.example')
    const first = signIn(server, 'alice', 'social.example', { app })
    await vault.add(first)
    await vault.add(signIn(server, 'bob', 'social.example', { app }))
    vault.rename('alice@social.example', 'Work')
    const createdAt = vault.get('alice@social.example').createdAt

    const second = signIn(server, 'alice', 'social.example', { app })
    const notices: unknown[] = []
    vault.on('notice', (n) => notices.push(n))
    await vault.add(second)
    // Revoked here, so there is nothing to tell (unlike a Misskey account's).
    expect(notices).toEqual([])

    expect(vault.list().accounts.map((a) => a.id)).toEqual([
      'alice@social.example',
      'bob@social.example'
    ])
    expect(vault.get('alice@social.example')).toMatchObject({
      label: 'Work',
      position: 0,
      active: true,
      createdAt
    })
    expect(server.isValid(first.tokens.accessToken)).toBe(false)
    expect(server.isValid(second.tokens.accessToken)).toBe(true)
    expect((await vault.getAccessToken()).accessToken).toBe(second.tokens.accessToken)
  })

  test('a reissued identical token (Mastodon reuses live tokens) is not revoked', async () => {
    const { vault, server } = makeVault()
    const input = signIn(server, 'alice', 'social.example')
    await vault.add(input)
    await vault.add(structuredClone(input))
    expect(server.calls.revoke).toBe(0)
    expect(server.isValid(input.tokens.accessToken)).toBe(true)
  })

  test('accounts on one instance share its app registration', async () => {
    const { vault, server } = makeVault()
    const app = appFor('social.example')
    await vault.add(signIn(server, 'alice', 'social.example', { app }))
    await vault.add(signIn(server, 'bob', 'social.example', { app }))
    expect(await vault.apps.get('https://social.example')).toEqual(app)
  })
})

describe('remove', () => {
  test('revokes on the server first, then forgets the account and activates the next', async () => {
    const { vault, server, reopen } = makeVault()
    const alice = signIn(server, 'alice', 'a.example')
    await vault.add(alice)
    await vault.add(signIn(server, 'bob', 'b.example'))
    await vault.add(signIn(server, 'carol', 'c.example'))
    vault.switch('alice@a.example')

    const result = await vault.remove('alice@a.example')

    expect(result.removed).toBe(true)
    expect(accountsStateSchema.parse(result.state)).toEqual(result.state)
    expect(server.isValid(alice.tokens.accessToken)).toBe(false)
    expect(result.state.activeAccountId).toBe('bob@b.example')
    expect(result.state.accounts.map((a) => [a.id, a.position])).toEqual([
      ['bob@b.example', 0],
      ['carol@c.example', 1]
    ])
    expect(reopen().list()).toEqual(result.state)
  })

  test('removing the last account in the list activates the one before; the only one leaves none', async () => {
    const { vault, server } = makeVault()
    await vault.add(signIn(server, 'alice', 'a.example'))
    await vault.add(signIn(server, 'bob', 'b.example'))
    expect((await vault.remove('bob@b.example')).state.activeAccountId).toBe('alice@a.example')
    expect((await vault.remove('alice@a.example')).state).toEqual({
      accounts: [],
      activeAccountId: null
    })
  })

  test('removing an inactive account keeps the active one', async () => {
    const { vault, server } = makeVault()
    await vault.add(signIn(server, 'alice', 'a.example'))
    await vault.add(signIn(server, 'bob', 'b.example'))
    expect((await vault.remove('alice@a.example')).state.activeAccountId).toBe('bob@b.example')
  })

  test('when revocation fails the account stays as pending_removal; a retry then removes it', async () => {
    const { vault, server, reopen } = makeVault()
    const alice = signIn(server, 'alice', 'a.example')
    await vault.add(signIn(server, 'bob', 'b.example'))
    await vault.add(alice)
    server.offline = true

    const failed = await vault.remove('alice@a.example')

    expect(failed.removed).toBe(false)
    expect(failed.reason).toMatch(/could not be reached/)
    expect(vault.get('alice@a.example').status).toBe('pending_removal')
    expect(failed.state.activeAccountId).toBe('bob@b.example')
    expect(reopen().get('alice@a.example').status).toBe('pending_removal')
    await rejects(() => vault.switch('alice@a.example'), 'pending_removal')
    await rejects(vault.getAccessToken('alice@a.example'), 'pending_removal')

    server.offline = false
    expect((await vault.remove('alice@a.example')).removed).toBe(true)
    expect(server.isValid(alice.tokens.accessToken)).toBe(false)
  })

  test('force removes without revoking', async () => {
    const { vault, server } = makeVault()
    const alice = signIn(server, 'alice', 'a.example')
    await vault.add(alice)
    server.offline = true
    await vault.remove('alice@a.example')
    const forced = await vault.remove('alice@a.example', { force: true })
    expect(forced.removed).toBe(true)
    expect(forced.state.accounts).toEqual([])
    expect(server.calls.revoke).toBe(1)
  })

  test('a token the server already refuses counts as revoked', async () => {
    const { vault, server } = makeVault()
    const alice = signIn(server, 'alice', 'a.example')
    await vault.add(alice)
    server.revokeFailure = new EngineFailure('rejected_token', 'HTTP 401', 401)
    expect((await vault.remove('alice@a.example')).removed).toBe(true)
  })

  test('a server error keeps the account and says so', async () => {
    const { vault, server } = makeVault()
    await vault.add(signIn(server, 'alice', 'a.example'))
    server.revokeFailure = new EngineFailure('failed', 'HTTP 500', 500)
    const result = await vault.remove('alice@a.example')
    expect(result).toMatchObject({ removed: false, reason: expect.stringMatching(/HTTP 500/) })
  })

  test('an unknown account is not_found', async () => {
    const { vault } = makeVault()
    await rejects(vault.remove('nobody@nowhere.example'), 'not_found')
  })
})

describe('switch, rename, reorder', () => {
  test('switch changes the active account and persists it', async () => {
    const { vault, server, reopen } = makeVault()
    await vault.add(signIn(server, 'alice', 'a.example'))
    await vault.add(signIn(server, 'bob', 'b.example'))
    expect(vault.switch('alice@a.example').activeAccountId).toBe('alice@a.example')
    expect(reopen().list().activeAccountId).toBe('alice@a.example')
    await rejects(() => vault.switch('zed@z.example'), 'not_found')
  })

  test('rename sets, trims and clears a label', async () => {
    const { vault, server, reopen } = makeVault()
    await vault.add(signIn(server, 'alice', 'a.example'))
    expect(vault.rename('alice@a.example', '  Work  ').accounts[0]!.label).toBe('Work')
    expect(reopen().get('alice@a.example').label).toBe('Work')
    expect(vault.rename('alice@a.example', '   ').accounts[0]!.label).toBeUndefined()
  })

  test('reorder takes a full or partial order and refuses unknown or repeated ids', async () => {
    const { vault, server, reopen } = makeVault()
    for (const u of ['a', 'b', 'c']) await vault.add(signIn(server, u, `${u}.example`))
    const ids = () => vault.list().accounts.map((a) => a.id)
    vault.reorder(['c@c.example', 'a@a.example', 'b@b.example'])
    expect(ids()).toEqual(['c@c.example', 'a@a.example', 'b@b.example'])
    vault.reorder(['b@b.example'])
    expect(ids()).toEqual(['b@b.example', 'c@c.example', 'a@a.example'])
    expect(
      reopen()
        .list()
        .accounts.map((a) => a.id)
    ).toEqual(ids())
    await rejects(() => vault.reorder(['x@x.example']), 'invalid_order')
    await rejects(() => vault.reorder(['a@a.example', 'a@a.example']), 'invalid_order')
  })
})

describe('events', () => {
  test('every change is pushed with the new state, until unsubscribed', async () => {
    const { vault, server } = makeVault()
    const seen: string[] = []
    const off = vault.on('changed', (state) => {
      accountsStateSchema.parse(state)
      seen.push(`${state.accounts.length}:${state.activeAccountId}`)
    })
    await vault.add(signIn(server, 'alice', 'a.example'))
    // Adding bob leaves alice active; switching to him is the person's choice.
    await vault.add(signIn(server, 'bob', 'b.example'))
    vault.switch('bob@b.example')
    vault.rename('alice@a.example', 'x')
    vault.reorder(['bob@b.example'])
    await vault.reverifyAll()
    await vault.remove('bob@b.example')
    off()
    await vault.remove('alice@a.example')
    expect(seen).toEqual([
      '1:alice@a.example',
      '2:alice@a.example',
      '2:bob@b.example',
      '2:bob@b.example',
      '2:bob@b.example',
      '2:bob@b.example',
      '1:alice@a.example'
    ])
  })

  test('a listener that throws does not stop the others or the change', async () => {
    const { vault, server, log } = makeVault()
    let reached = false
    vault.on('changed', () => {
      throw new Error('boom')
    })
    vault.on('changed', () => void (reached = true))
    await vault.add(signIn(server, 'alice', 'a.example'))
    expect(reached).toBe(true)
    expect(log.lines.some((l) => l.message === 'event listener failed')).toBe(true)
  })
})

describe('re-verify', () => {
  test('a refused token marks needs_reauth and keeps the record', async () => {
    const { vault, server } = makeVault()
    const alice = signIn(server, 'alice', 'a.example')
    await vault.add(alice)
    const before = vault.get('alice@a.example')
    server.tokens.delete(alice.tokens.accessToken)

    const state = await vault.reverifyAll()

    expect(state.accounts[0]).toMatchObject({
      status: 'needs_reauth',
      statusReason: expect.stringMatching(/Sign in again/)
    })
    expect(vault.get('alice@a.example')).toMatchObject({
      ...before,
      status: 'needs_reauth',
      statusReason: expect.any(String),
      statusChangedAt: expect.any(Number)
    })
    expect((await vault.getAccessToken()).accessToken).toBe(alice.tokens.accessToken)
  })

  test('a network failure marks offline and changes nothing else; success restores ok with a fresh snapshot', async () => {
    const { vault, server } = makeVault()
    await vault.add(signIn(server, 'alice', 'a.example'))
    const before = vault.get('alice@a.example')
    server.offline = true
    await vault.reverifyAll()
    const off = vault.get('alice@a.example')
    expect(off.status).toBe('offline')
    expect({
      ...off,
      status: before.status,
      statusReason: undefined,
      statusChangedAt: undefined
    }).toEqual(before)

    server.offline = false
    server.profiles.set('alice', {
      ...server.accountJson('alice'),
      display_name: 'Alice Renamed',
      followers_count: 99
    })
    await vault.reverifyAll()
    expect(vault.get('alice@a.example')).toMatchObject({
      status: 'ok',
      statusReason: undefined,
      displayName: 'Alice Renamed',
      followersCount: 99
    })
    expect(vault.get('alice@a.example').lastVerifiedAt).toBeGreaterThanOrEqual(
      before.lastVerifiedAt!
    )
  })

  test('being offline does not hide that a token was refused', async () => {
    const { vault, server } = makeVault()
    const alice = signIn(server, 'alice', 'a.example')
    await vault.add(alice)
    server.tokens.delete(alice.tokens.accessToken)
    await vault.reverifyAll()
    server.offline = true
    await vault.reverifyAll()
    expect(vault.get('alice@a.example').status).toBe('needs_reauth')
  })

  test('a token that now verifies as someone else needs re-auth (snac binds tokens loosely)', async () => {
    const { vault, server } = makeVault()
    const alice = signIn(server, 'alice', 'a.example')
    await vault.add(alice)
    server.tokens.get(alice.tokens.accessToken)!.username = 'mallory'
    await vault.reverifyAll()
    expect(vault.get('alice@a.example')).toMatchObject({
      status: 'needs_reauth',
      displayName: 'alice display'
    })
  })

  test('at most perHostConcurrency requests per host, all hosts at once', async () => {
    const { vault, server } = makeVault({ perHostConcurrency: 3 })
    server.latencyMs = 30
    for (let i = 0; i < 8; i++) await vault.add(signIn(server, `u${i}`, 'one.example'))
    for (let i = 0; i < 8; i++) await vault.add(signIn(server, `v${i}`, 'two.example'))
    server.maxInFlight.clear()
    const started = Date.now()
    await vault.reverifyAll()
    const elapsed = Date.now() - started
    expect(server.maxInFlight.get('one.example')).toBe(3)
    expect(server.maxInFlight.get('two.example')).toBe(3)
    // ceil(8 / 3) = 3 rounds per host, hosts in parallel: well under the 16 rounds of a serial run.
    expect(elapsed).toBeLessThan(16 * 30)
  })

  test('concurrent reverifyAll calls share one run', async () => {
    const { vault, server } = makeVault()
    await vault.add(signIn(server, 'alice', 'a.example'))
    server.calls.verify = 0
    await Promise.all([vault.reverifyAll(), vault.reverifyAll()])
    expect(server.calls.verify).toBe(1)
  })

  test('accounts being removed are not re-verified', async () => {
    const { vault, server } = makeVault()
    await vault.add(signIn(server, 'alice', 'a.example'))
    server.offline = true
    await vault.remove('alice@a.example')
    server.offline = false
    server.calls.verify = 0
    await vault.reverifyAll()
    expect(server.calls.verify).toBe(0)
    expect(vault.get('alice@a.example').status).toBe('pending_removal')
  })

  test('a result for a token replaced meanwhile is dropped', async () => {
    const { vault, server } = makeVault()
    const app = appFor('a.example')
    const old = signIn(server, 'alice', 'a.example', { app })
    await vault.add(old)
    server.latencyMs = 40
    const running = vault.reverifyAll()
    // The re-sign-in revokes the old token while its verification is in flight.
    server.latencyMs = 0
    await vault.add(signIn(server, 'alice', 'a.example', { app }))
    await running
    expect(vault.get('alice@a.example').status).toBe('ok')
  })

  test('a token near expiry is refreshed first, and the rotated pair is saved at once', async () => {
    const { vault, server, reopen } = makeVault()
    const alice = signIn(server, 'alice', 'a.example', { refresh: true, lifetimeMs: 60_000 })
    await vault.add(alice)
    await vault.reverifyAll()
    expect(server.calls.refresh).toBe(1)
    expect(server.isValid(alice.tokens.accessToken)).toBe(false)
    const grant = await reopen().getAccessToken()
    expect(grant.accessToken).not.toBe(alice.tokens.accessToken)
    expect(server.isValid(grant.accessToken)).toBe(true)
    expect(grant.expiresAt).toBeGreaterThan(Date.now() + 30 * 60_000)
    expect(vault.get('alice@a.example').status).toBe('ok')
  })

  test('a refresh that cannot reach the server is retried for scripts only after a pause', async () => {
    let now = Date.UTC(2026, 0, 1)
    const { vault, server } = makeVault({ clock: { now: () => now } })
    const alice = signIn(server, 'alice', 'a.example', { refresh: true, lifetimeMs: 60_000, now })
    await vault.add(alice)
    server.offline = true
    for (let i = 0; i < 5; i++) {
      expect((await vault.getAccessToken()).accessToken).toBe(alice.tokens.accessToken)
    }
    expect(server.calls.refresh).toBe(1)
    now += SCRIPT_REFRESH_RETRY_MS - 1
    await vault.getAccessToken()
    expect(server.calls.refresh).toBe(1)

    // The person's "Check" does not wait.
    await vault.reverifyAll()
    expect(server.calls.refresh).toBe(2)

    now += SCRIPT_REFRESH_RETRY_MS
    server.offline = false
    const fresh = await vault.getAccessToken()
    expect(server.calls.refresh).toBe(3)
    expect(fresh.accessToken).not.toBe(alice.tokens.accessToken)
    expect(server.isValid(fresh.accessToken)).toBe(true)
  })

  test('a refused refresh token marks needs_reauth; an offline refresh keeps the token', async () => {
    const { vault, server } = makeVault()
    const alice = signIn(server, 'alice', 'a.example', { refresh: true, lifetimeMs: 60_000 })
    await vault.add(alice)
    server.offline = true
    expect((await vault.getAccessToken()).accessToken).toBe(alice.tokens.accessToken)
    server.offline = false
    server.refreshTokens.clear()
    await vault.reverifyAll()
    expect(vault.get('alice@a.example').status).toBe('needs_reauth')
  })
})

describe('getAccessToken', () => {
  test('returns everything a script needs for the active or a named account', async () => {
    const { vault, server } = makeVault()
    const alice = signIn(server, 'alice', 'a.example')
    await vault.add(alice)
    await vault.add(signIn(server, 'bob', 'b.example'))
    expect(await vault.getAccessToken('alice@a.example')).toEqual({
      accessToken: alice.tokens.accessToken,
      tokenType: 'Bearer',
      scopes: ['read', 'write'],
      apiBaseUrl: 'https://a.example',
      handle: 'alice@a.example',
      expiresAt: null,
      status: 'ok',
      software: expect.any(String),
      api: 'mastodon'
    })
    // The first account became active; the second did not take over.
    expect((await vault.getAccessToken()).handle).toBe('alice@a.example')
    vault.switch('bob@b.example')
    expect((await vault.getAccessToken()).handle).toBe('bob@b.example')
  })

  test('a token that expires may be handed out again until the refresh margin before expiry', async () => {
    const now = Date.UTC(2026, 0, 1)
    const { vault, server } = makeVault({ clock: { now: () => now }, refreshMarginMs: 60_000 })
    await vault.add(
      signIn(server, 'carol', 'c.example', { refresh: true, lifetimeMs: 3_600_000, now })
    )
    const grant = await vault.getAccessToken('carol@c.example')
    expect(grant.expiresAt).toBe(now + 3_600_000)
    expect(grant.reuseUntil).toBe(now + 3_600_000 - 60_000)
  })

  test('no active account and unknown accounts are refused', async () => {
    const { vault } = makeVault()
    await rejects(vault.getAccessToken(), 'no_active_account')
    await rejects(vault.getAccessToken('x@y.example'), 'not_found')
  })

  test('concurrent callers share one refresh (a rotated refresh token works once)', async () => {
    const { vault, server } = makeVault()
    await vault.add(signIn(server, 'alice', 'a.example', { refresh: true, lifetimeMs: 1_000 }))
    server.latencyMs = 20
    const [a, b, c] = await Promise.all([
      vault.getAccessToken(),
      vault.getAccessToken(),
      vault.reverifyAll()
    ])
    expect(server.calls.refresh).toBe(1)
    expect(a.accessToken).toBe(b.accessToken)
    expect(server.isValid(a.accessToken)).toBe(true)
    expect(c.accounts[0]!.status).toBe('ok')
  })
})

test('a sign-in to the same account during its removal keeps the new sign-in', async () => {
  const { vault, server } = makeVault()
  const app = appFor('a.example')
  await vault.add(signIn(server, 'alice', 'a.example', { app }))
  server.latencyMs = 30
  const removing = vault.remove('alice@a.example')
  server.latencyMs = 0
  const fresh = signIn(server, 'alice', 'a.example', { app })
  await vault.add(fresh)
  expect(await removing).toMatchObject({
    removed: false,
    reason: expect.stringMatching(/signed in/)
  })
  expect((await vault.getAccessToken('alice@a.example')).accessToken).toBe(fresh.tokens.accessToken)
})
