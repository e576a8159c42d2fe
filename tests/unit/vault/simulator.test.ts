import type { AxiosInstance } from 'axios'
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { afterEach, describe, expect, test } from 'vitest'
import {
  AccountVault,
  openNodeDocumentStore,
  type VaultDocument,
  vaultStorePath
} from '../../../src/main/vault'
import { fediverseAccountServer } from '../../../src/main/composition/fediverse-account-server'
import { createHttpClient } from '../../../src/main/fediverse'
import { startSimulator, traceInRounds, type Simulator, type StartOptions } from '../../sim'
import { engineBrowserSignIn, engineSignIn } from './support/engine-sign-in'
import { tempDir } from './support/temp-dir'
import { FileKeyCipher } from '../../../src/harness/file-key-cipher'

// The lifecycle against real HTTP: the fediverse engine talking to simulated servers.

const sims: Simulator[] = []
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()))
})

async function sim(options: StartOptions): Promise<Simulator> {
  const s = await startSimulator(options)
  sims.push(s)
  return s
}

function vaultFor(
  options: { perHostConcurrency?: number; dir?: string; client?: AxiosInstance } = {}
) {
  const { dir = tempDir(), client, ...rest } = options
  return AccountVault.open({
    store: openNodeDocumentStore(dir),
    cipher: new FileKeyCipher(dir),
    server: fediverseAccountServer(client),
    ...rest
  })
}

/** The client ids of the app registrations the store on disk holds for this server. */
function storedClientIds(dir: string, s: Simulator): string[] {
  const doc = JSON.parse(readFileSync(vaultStorePath(dir), 'utf8')) as VaultDocument
  return Object.keys(doc.instances[s.host]?.apps ?? {}).sort()
}

const ALICE = ['alice', 'correct horse'] as const
const BOB = ['bob', 'battery staple'] as const
const id = (s: Simulator, user: string) => `${user}@${s.host}`

describe('add', () => {
  test('two accounts on one server share one app registration; a re-sign-in revokes the old token', async () => {
    const s = await sim({ personality: 'mastodon-4.3' })
    const vault = vaultFor()
    const first = await engineSignIn(vault, s, ...ALICE)
    await vault.add(first)
    await vault.add(await engineSignIn(vault, s, ...BOB))
    expect(s.stats.byRoute['POST /api/v1/apps']).toBe(1)
    expect(vault.get(id(s, 'alice'))).toMatchObject({
      displayName: 'Alice :blobcat:',
      software: 'mastodon'
    })
    // A second account does not take over: the first stays active until the person switches.
    expect(vault.get(id(s, 'bob'))).toMatchObject({ bot: true, active: false })
    expect(vault.get(id(s, 'alice'))).toMatchObject({ active: true })

    const second = await engineSignIn(vault, s, ...ALICE)
    await vault.add(second)
    expect(s.isTokenValid(first.tokens.accessToken)).toBe(false)
    expect(s.isTokenValid(second.tokens.accessToken)).toBe(true)
    expect(vault.list().accounts).toHaveLength(2)
    expect(vault.list().activeAccountId).toBe(id(s, 'alice'))
  })
})

describe('re-verify', () => {
  test.each([
    ['mastodon-4.3', 401],
    ['gotosocial', 401],
    ['snac', 422],
    ['takahe', 400],
    ['hollo', 401]
  ] as const)(
    '%s: a token the server revoked (%i) → needs_reauth, the other account stays ok',
    async (personality, _status) => {
      const s = await sim({ personality })
      const vault = vaultFor()
      await vault.add(await engineSignIn(vault, s, ...ALICE))
      await vault.add(await engineSignIn(vault, s, ...BOB))
      s.revokeAllTokens('alice')
      const state = await vault.reverifyAll()
      const status = Object.fromEntries(state.accounts.map((a) => [a.username, a.status]))
      expect(status).toEqual({ alice: 'needs_reauth', bob: 'ok' })
      expect(vault.get(id(s, 'alice')).displayName).toBe('Alice :blobcat:')
    }
  )

  test('offline → offline with the record unchanged; back online → ok', async () => {
    const s = await sim({ personality: 'mastodon-4.6' })
    const vault = vaultFor()
    await vault.add(await engineSignIn(vault, s, ...ALICE))
    const before = vault.get(id(s, 'alice'))
    await s.setOffline(true)
    await vault.reverifyAll()
    const during = vault.get(id(s, 'alice'))
    expect(during.status).toBe('offline')
    expect({
      ...during,
      status: 'ok',
      statusReason: undefined,
      statusChangedAt: undefined
    }).toEqual(before)
    await s.setOffline(false)
    const back = (await vault.reverifyAll()).accounts[0]!
    expect(back.status, back.statusReason).toBe('ok')
  })

  test('Pleroma: a token about to expire is refreshed first; the old one is dead, the new one saved', async () => {
    const s = await sim({ personality: 'pleroma', tokenLifetimeSeconds: 120 })
    const vault = vaultFor()
    const signedIn = await engineSignIn(vault, s, ...ALICE)
    expect(signedIn.tokens.refreshToken).toBeDefined()
    await vault.add(signedIn)
    await vault.reverifyAll()
    const grant = await vault.getAccessToken()
    expect(grant.accessToken).not.toBe(signedIn.tokens.accessToken)
    expect(s.isTokenValid(grant.accessToken)).toBe(true)
    expect(s.isTokenValid(signedIn.tokens.accessToken)).toBe(false)
    expect(vault.get(id(s, 'alice')).status).toBe('ok')
  })

  test('bounded per host: never more than perHostConcurrency requests at one server', async () => {
    const users = Array.from({ length: 7 }, (_, i) => ({
      username: `u${i}`,
      email: `u${i}@x.test`,
      password: 'pw'
    }))
    const servers = await Promise.all([0, 1].map(() => sim({ personality: 'mastodon-4.3', users })))
    // The vault's client answers in lockstep: what it has out at once is counted, not timed.
    const client = createHttpClient()
    const trace = traceInRounds(client)
    const vault = vaultFor({ perHostConcurrency: 3, client })
    for (const s of servers)
      for (const u of users) await vault.add(await engineSignIn(vault, s, u.username, u.password))
    for (const s of servers) s.resetStats()
    trace.clear()
    await vault.reverifyAll()
    for (const s of servers) {
      expect(s.stats.byRoute['GET /api/v1/accounts/verify_credentials']).toBe(7)
      expect(trace.maxInFlightAt(s.host)).toBe(3)
    }
    // Both servers at once: the bound is per host, not overall.
    expect(trace.maxInFlight).toBe(6)
  })
})

describe('remove', () => {
  test.each(['gotosocial', 'hollo'] as const)(
    '%s: revokes first; offline keeps it as pending_removal; a retry online removes it',
    async (personality) => {
      const s = await sim({ personality })
      const vault = vaultFor()
      const alice = await engineSignIn(vault, s, ...ALICE)
      await vault.add(alice)
      await s.setOffline(true)
      expect((await vault.remove(id(s, 'alice'))).removed).toBe(false)
      expect(vault.get(id(s, 'alice')).status).toBe('pending_removal')
      expect(s.isTokenValid(alice.tokens.accessToken)).toBe(true)
      await s.setOffline(false)
      expect((await vault.remove(id(s, 'alice'))).removed).toBe(true)
      expect(s.isTokenValid(alice.tokens.accessToken)).toBe(false)
      expect(vault.list().accounts).toEqual([])
    }
  )

  test('an app the server forgot (snac deletes it on revoke) cannot revoke: kept as pending, force removes', async () => {
    const s = await sim({ personality: 'snac' })
    const vault = vaultFor()
    await vault.add(await engineSignIn(vault, s, ...ALICE))
    s.deleteAllApps()
    const kept = await vault.remove(id(s, 'alice'))
    expect(kept).toMatchObject({
      removed: false,
      reason: expect.stringMatching(/app registration/)
    })
    expect(vault.get(id(s, 'alice')).status).toBe('pending_removal')
    expect((await vault.remove(id(s, 'alice'), { force: true })).removed).toBe(true)
  })
})

describe('several apps on one server', () => {
  test('snac registers an app per browser sign-in: removing the first account revokes its token with the app that issued it', async () => {
    const s = await sim({ personality: 'snac' })
    const dir = tempDir()
    const vault = vaultFor({ dir })
    const alice = await engineBrowserSignIn(vault, s, ...ALICE)
    await vault.add(alice)
    const bob = await engineBrowserSignIn(vault, s, ...BOB)
    await vault.add(bob)
    expect(s.stats.byRoute['POST /api/v1/apps']).toBe(2)
    expect(bob.app!.clientId).not.toBe(alice.app!.clientId)
    expect((await vault.apps.get(s.url))?.clientId).toBe(bob.app!.clientId)
    expect(storedClientIds(dir, s)).toEqual([alice.app!.clientId, bob.app!.clientId].sort())

    const checked = await vault.reverifyAll()
    expect(checked.accounts.map((a) => a.status)).toEqual(['ok', 'ok'])

    s.resetStats()
    const removed = await vault.remove(id(s, 'alice'))
    expect(removed).toMatchObject({ removed: true })
    expect(s.stats.byRoute['POST /oauth/revoke']).toBe(1)
    expect(s.isTokenValid(alice.tokens.accessToken)).toBe(false)
    expect(s.isTokenValid(bob.tokens.accessToken)).toBe(true)
    expect(vault.list().accounts.map((a) => a.id)).toEqual([id(s, 'bob')])
    // Alice's app went with her token; bob's, the current one, stays.
    expect(storedClientIds(dir, s)).toEqual([bob.app!.clientId])

    expect((await vault.remove(id(s, 'bob'))).removed).toBe(true)
    expect(s.isTokenValid(bob.tokens.accessToken)).toBe(false)
  })

  test('GoToSocial: a new app when the registered loopback port is taken; the first account still revokes with its own', async () => {
    const s = await sim({ personality: 'gotosocial' })
    const dir = tempDir()
    const vault = vaultFor({ dir })
    const alice = await engineBrowserSignIn(vault, s, ...ALICE)
    await vault.add(alice)
    const port = Number(new URL(alice.app!.redirectUris.find((u) => u.startsWith('http:'))!).port)
    const squatter = await hold(port)
    let bob
    try {
      bob = await engineBrowserSignIn(vault, s, ...BOB)
    } finally {
      await new Promise((resolve) => squatter.close(resolve))
    }
    await vault.add(bob)
    expect(s.stats.byRoute['POST /api/v1/apps']).toBe(2)
    expect(bob.app!.clientId).not.toBe(alice.app!.clientId)
    expect(storedClientIds(dir, s)).toEqual([alice.app!.clientId, bob.app!.clientId].sort())

    expect((await vault.remove(id(s, 'alice'))).removed).toBe(true)
    expect(s.isTokenValid(alice.tokens.accessToken)).toBe(false)
    expect(s.isTokenValid(bob.tokens.accessToken)).toBe(true)
    expect(storedClientIds(dir, s)).toEqual([bob.app!.clientId])
  })
})

/** Something else listening on a loopback port. */
function hold(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.destroy())
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve(server))
  })
}
