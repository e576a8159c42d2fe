import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import {
  type AccountRecord,
  upgradeDocument,
  type VaultDocument,
  vaultStorePath
} from '../../../src/main/vault'
import { appFor, signIn } from './support/fixtures'
import { makeVault } from './support/vault-harness'

// An instance can hold several of our apps: the engine registers a new one on snac for every
// browser sign-in, and on GoToSocial or Hollo when the registered loopback port is taken. Each
// token may only be revoked or refreshed by the app that issued it (the scripted server, like
// the real ones, refuses another client).

function storedDoc(dir: string): VaultDocument {
  return JSON.parse(readFileSync(vaultStorePath(dir), 'utf8')) as VaultDocument
}

function storedClientIds(dir: string, host: string): string[] {
  return Object.keys(storedDoc(dir).instances[host]?.apps ?? {}).sort()
}

/** Every token's app is held; every app held is current or the issuer of some token. */
function expectAppsConsistent(doc: VaultDocument): void {
  const accounts = Object.values(doc.accounts)
  for (const a of accounts) {
    const clientId = a.token.clientId
    expect(clientId, `${a.id} names its app`).toBeDefined()
    expect(doc.instances[a.instanceHost]?.apps[clientId!], `${a.id}'s app is held`).toMatchObject({
      clientId,
      clientSecret: expect.stringMatching(/^v1:/)
    })
  }
  for (const [host, instance] of Object.entries(doc.instances)) {
    for (const [key, app] of Object.entries(instance.apps)) {
      expect(app.clientId).toBe(key)
      const needed =
        key === instance.currentClientId ||
        accounts.some((a) => a.instanceHost === host && a.token.clientId === key)
      expect(needed, `${host}: ${key} is current or in use`).toBe(true)
    }
  }
}

describe('an app registered again on the same server', () => {
  test('GoToSocial-style: the earlier account refreshes and revokes with its own app, which then goes', async () => {
    const { vault, server, dir, reopen } = makeVault()
    const first = appFor('gts.example', 'app-1')
    await vault.apps.put('https://gts.example', first)
    const alice = signIn(server, 'alice', 'gts.example', {
      app: first,
      refresh: true,
      lifetimeMs: 60_000
    })
    await vault.add(alice)
    // app-1's loopback port is taken at bob's sign-in: the engine registers app-2.
    const second = appFor('gts.example', 'app-2')
    await vault.apps.put('https://gts.example', second)
    const bob = signIn(server, 'bob', 'gts.example', { app: second })
    await vault.add(bob)

    expect(await vault.apps.get('https://gts.example')).toEqual(second)
    expect(storedClientIds(dir, 'gts.example')).toEqual(['app-1', 'app-2'])
    expect(storedDoc(dir).instances['gts.example']!.currentClientId).toBe('app-2')

    const again = reopen()
    const grant = await again.getAccessToken('alice@gts.example')
    expect(server.calls.refresh).toBe(1)
    expect(grant.accessToken).not.toBe(alice.tokens.accessToken)
    expect(server.tokens.get(grant.accessToken)?.clientId).toBe('app-1')
    expect(again.get('alice@gts.example').status).toBe('ok')
    await again.reverifyAll()
    expect(again.list().accounts.map((a) => a.status)).toEqual(['ok', 'ok'])

    expect(await again.remove('alice@gts.example')).toMatchObject({ removed: true })
    expect(server.isValid(grant.accessToken)).toBe(false)
    expect(server.isValid(bob.tokens.accessToken)).toBe(true)
    expect(storedClientIds(dir, 'gts.example')).toEqual(['app-2'])
    expect(await again.apps.get('https://gts.example')).toEqual(second)

    expect((await again.remove('bob@gts.example')).removed).toBe(true)
    expect(server.isValid(bob.tokens.accessToken)).toBe(false)
    // The current app stays for the next sign-in, with no account left.
    expect(storedClientIds(dir, 'gts.example')).toEqual(['app-2'])
  })

  test('snac-style: signing in again with a new app revokes the superseded token with the old app', async () => {
    const { vault, server, dir } = makeVault()
    const first = appFor('snac.example', 'app-1')
    const old = signIn(server, 'alice', 'snac.example', { app: first })
    await vault.add(old)
    const second = appFor('snac.example', 'app-2')
    await vault.apps.put('https://snac.example', second)
    const fresh = signIn(server, 'alice', 'snac.example', { app: second })
    await vault.add(fresh)

    expect(server.revoked).toEqual([old.tokens.accessToken])
    expect(server.isValid(fresh.tokens.accessToken)).toBe(true)
    expect(storedClientIds(dir, 'snac.example')).toEqual(['app-2'])
    expect((await vault.remove('alice@snac.example')).removed).toBe(true)
    expect(server.isValid(fresh.tokens.accessToken)).toBe(false)
  })

  test('a sign-in that finishes after another app was registered keeps its own app', async () => {
    const { vault, server, dir } = makeVault()
    // Two browser sign-ins at once on snac: each registered its app before either finished.
    const a = appFor('snac.example', 'app-a')
    const b = appFor('snac.example', 'app-b')
    await vault.apps.put('https://snac.example', a)
    await vault.apps.put('https://snac.example', b)
    expect(storedClientIds(dir, 'snac.example')).toEqual(['app-b'])
    await vault.add(signIn(server, 'bob', 'snac.example', { app: b }))
    await vault.add(signIn(server, 'alice', 'snac.example', { app: a }))
    expectAppsConsistent(storedDoc(dir))
    expect(storedClientIds(dir, 'snac.example')).toEqual(['app-a', 'app-b'])
    expect((await vault.remove('bob@snac.example')).removed).toBe(true)
    expect((await vault.remove('alice@snac.example')).removed).toBe(true)
  })

  test('a forgotten app is not offered for sign-ins, but kept while a token it issued is', async () => {
    const { vault, server, dir } = makeVault()
    const app = appFor('a.example', 'app-1')
    await vault.apps.put('https://a.example', app)
    await vault.add(signIn(server, 'alice', 'a.example', { app }))
    await vault.apps.forget('https://a.example')
    expect(await vault.apps.get('https://a.example')).toBeUndefined()
    expect(storedDoc(dir).instances['a.example']!.currentClientId).toBeUndefined()
    expect(storedClientIds(dir, 'a.example')).toEqual(['app-1'])
    expect((await vault.remove('alice@a.example')).removed).toBe(true)
    expect(storedClientIds(dir, 'a.example')).toEqual([])

    // Nobody's issuer: forgetting drops it at once.
    await vault.apps.put('https://a.example', appFor('a.example', 'app-2'))
    await vault.apps.forget('https://a.example')
    expect(storedClientIds(dir, 'a.example')).toEqual([])
  })
})

describe('pruning', () => {
  /** mulberry32: a small seeded generator, so a failure replays. */
  function random(seed: number): () => number {
    let a = seed
    return () => {
      a = (a + 0x6d2b79f5) | 0
      let t = Math.imul(a ^ (a >>> 15), 1 | a)
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
  }

  test.each([1, 2, 3])(
    'never drops an app a held token names, whatever the order of events (seed %i)',
    async (seed) => {
      const { vault, server, dir } = makeVault()
      const next = random(seed)
      const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!
      const hosts = ['a.example', 'b.example'] as const
      const users = ['u0', 'u1', 'u2', 'u3'] as const
      let registered = 0
      const register = async (host: string) => {
        const app = appFor(host, `${host}-app-${++registered}`)
        await vault.apps.put(`https://${host}`, app)
        return app
      }
      const ids = () => vault.list().accounts.map((a) => a.id)

      for (let step = 0; step < 120; step++) {
        const host = pick(hosts)
        const roll = next()
        if (roll < 0.15) {
          await register(host) // GoToSocial: the loopback port was taken
        } else if (roll < 0.3) {
          await vault.apps.forget(`https://${host}`) // invalid_client
        } else if (roll < 0.6) {
          // A sign-in with the current app, or a fresh one (snac, or nothing current).
          const current = await vault.apps.get(`https://${host}`)
          const app = current && next() < 0.5 ? current : await register(host)
          await vault.add(signIn(server, pick(users), host, { app, refresh: next() < 0.3 }))
        } else if (roll < 0.8 && ids().length > 0) {
          const id = pick(ids())
          expect(await vault.remove(id), `step ${step}: remove ${id}`).toMatchObject({
            removed: true
          })
        } else if (ids().length > 0) {
          const id = pick(ids())
          const grant = await vault.getAccessToken(id)
          expect(server.tokens.get(grant.accessToken)?.clientId).toBe(
            storedDoc(dir).accounts[id]!.token.clientId
          )
        }
        if (existsSync(vaultStorePath(dir))) expectAppsConsistent(storedDoc(dir))
      }

      for (const id of ids()) expect((await vault.remove(id)).removed).toBe(true)
      const doc = storedDoc(dir)
      for (const instance of Object.values(doc.instances)) {
        expect(Object.keys(instance.apps)).toEqual(
          instance.currentClientId ? [instance.currentClientId] : []
        )
      }
      expect(server.tokens.size).toBe(0)
    }
  )
})

describe('migration from schema version 2', () => {
  const settings = {
    scriptAccess: { enabled: false },
    allowPlaintextSecrets: false,
    closeToTray: false
  }
  const storedApp = (clientId: string) => ({
    clientId,
    clientSecret: `v1:sealed-${clientId}`,
    redirectUris: ['urn:ietf:wg:oauth:2.0:oob'],
    scopes: ['read'],
    registeredAt: 1
  })
  const account = (name: string, host: string, clientId?: string) => ({
    id: `${name}@${host}`,
    username: name,
    domain: host,
    apiBaseUrl: `https://${host}`,
    instanceHost: host,
    profile: {
      remoteId: '1',
      displayName: name,
      note: '',
      fields: [],
      emojis: [],
      followersCount: 0,
      followingCount: 0,
      statusesCount: 0,
      bot: false,
      locked: false
    },
    scopes: ['read'],
    token: { tokenType: 'Bearer', accessToken: `v1:tok-${name}`, issuedAt: 1, clientId },
    createdAt: 1,
    status: 'ok',
    position: 0
  })

  test('each instance app becomes current; a token naming no app was issued by it', () => {
    const outcome = upgradeDocument({
      schemaVersion: 2,
      cipherBackend: 'file_key',
      instances: {
        'a.example': {
          apiBaseUrl: 'https://a.example',
          software: 'mastodon',
          app: storedApp('c-a')
        },
        'b.example': { apiBaseUrl: 'https://b.example' }
      },
      accounts: {
        'old@a.example': account('old', 'a.example'),
        'named@a.example': account('named', 'a.example', 'c-a'),
        // Issued by an app version 2 had already replaced: still that app, not the current one.
        'stranded@a.example': account('stranded', 'a.example', 'c-gone'),
        'orphan@b.example': account('orphan', 'b.example')
      },
      activeAccountId: 'old@a.example',
      settings
    })
    expect(outcome).toMatchObject({ kind: 'migrated', fromVersion: 2 })
    if (outcome.kind !== 'migrated') return
    const doc = outcome.document
    expect(doc.schemaVersion).toBe(4)
    expect(doc.cipherBackend).toBe('file_key')
    expect(doc.instances['a.example']).toEqual({
      apiBaseUrl: 'https://a.example',
      software: 'mastodon',
      apps: { 'c-a': storedApp('c-a') },
      currentClientId: 'c-a'
    })
    expect(doc.instances['b.example']).toEqual({ apiBaseUrl: 'https://b.example', apps: {} })
    const clientIds = Object.fromEntries(
      Object.values(doc.accounts).map((a: AccountRecord) => [a.id, a.token.clientId])
    )
    expect(clientIds).toEqual({
      'old@a.example': 'c-a',
      'named@a.example': 'c-a',
      'stranded@a.example': 'c-gone',
      'orphan@b.example': undefined
    })
    expect(doc.activeAccountId).toBe('old@a.example')
  })

  test('a version-2 store on disk: migrated with a backup, and its accounts revoke with their app', async () => {
    const { vault, server, dir, reopen } = makeVault()
    const app = appFor('a.example', 'app-1')
    await vault.apps.put('https://a.example', app)
    const alice = signIn(server, 'alice', 'a.example', { app })
    await vault.add(alice)
    // Rewritten as version 2 had it; alice's token from a build that did not name the app.
    const v3 = storedDoc(dir)
    const { apps, currentClientId, ...instance } = v3.instances['a.example']!
    const v2 = {
      ...v3,
      schemaVersion: 2,
      instances: { 'a.example': { ...instance, app: apps[currentClientId!] } },
      accounts: {
        'alice@a.example': {
          ...v3.accounts['alice@a.example']!,
          token: { ...v3.accounts['alice@a.example']!.token, clientId: undefined }
        }
      }
    }
    writeFileSync(vaultStorePath(dir), JSON.stringify(v2))

    const migrated = reopen()
    expect(migrated.notices).toEqual([expect.objectContaining({ code: 'store_migrated' })])
    expect(readdirSync(dir).some((n) => n.startsWith('vault.json.v2-'))).toBe(true)
    expect(storedDoc(dir).accounts['alice@a.example']!.token.clientId).toBe('app-1')
    expect(await migrated.apps.get('https://a.example')).toEqual(app)
    expect((await migrated.remove('alice@a.example')).removed).toBe(true)
    expect(server.isValid(alice.tokens.accessToken)).toBe(false)
  })
})
