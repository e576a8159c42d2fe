import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, test } from 'vitest'
import { AccountVault } from '../../../src/main/vault/account-vault'
import { vaultStorePath } from '../../../src/main/vault/storage/conf-document-store'
import { fediverseAccountServer } from '../../../src/main/composition/fediverse-account-server'
import { openNodeDocumentStore } from '../../../src/main/vault/storage/conf-document-store'
import type { VaultDocument } from '../../../src/main/vault/storage/store-schema'
import { startSimulator, type Personality, type Simulator } from '../../sim'
import { engineBrowserSignIn, engineSignIn } from './support/engine-sign-in'
import { tempDir } from './support/temp-dir'
import { FileKeyCipher } from '../../../src/harness/file-key-cipher'

// Misskey-family accounts in a real vault on real files, signed in through the engine (MiAuth)
// against the simulator.

const sims: Simulator[] = []
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()))
})

async function sim(personality: Personality): Promise<Simulator> {
  const s = await startSimulator({ personality })
  sims.push(s)
  return s
}

function vaultAt(dir = tempDir()) {
  return {
    dir,
    vault: AccountVault.open({
      store: openNodeDocumentStore(dir),
      cipher: new FileKeyCipher(dir),
      server: fediverseAccountServer()
    })
  }
}

const onDisk = (dir: string) =>
  JSON.parse(readFileSync(vaultStorePath(dir), 'utf8')) as VaultDocument

describe('Misskey accounts in the vault', () => {
  test('stored like the others: token sealed, no app registration, the API named', async () => {
    const s = await sim('misskey')
    const { dir, vault } = vaultAt()
    const signIn = await engineBrowserSignIn(vault, s, 'alice', 'correct horse')
    const profile = await vault.add(signIn)
    expect(profile).toMatchObject({
      id: `alice@${s.host}`,
      api: 'misskey',
      software: 'misskey',
      softwareVersion: '2025.7.0',
      displayName: 'Alice :blobcat:',
      statusesCount: 42,
      active: true,
      status: 'ok'
    })
    const doc = onDisk(dir)
    const record = doc.accounts[`alice@${s.host}`]!
    expect(record.api).toBe('misskey')
    expect(record.token.accessToken).toMatch(/^v1:/)
    expect(record.token.clientId).toBeUndefined()
    expect(doc.instances[s.host]!.apps).toEqual({})
    expect(readFileSync(vaultStorePath(dir), 'utf8')).not.toContain(signIn.tokens.accessToken)
    // Reopened from disk, the account is the same.
    expect(vaultAt(dir).vault.get(`alice@${s.host}`)).toMatchObject({ api: 'misskey' })
    expect((await vault.getAccessToken()).accessToken).toBe(signIn.tokens.accessToken)
  })

  test('status checks use /api/i: a revoked token needs sign-in, signing in again fixes it', async () => {
    const s = await sim('sharkey')
    const { vault } = vaultAt()
    await vault.add(await engineBrowserSignIn(vault, s, 'alice', 'correct horse'))
    await vault.add(await engineBrowserSignIn(vault, s, 'bob', 'battery staple'))
    s.resetStats()
    await vault.reverifyAll()
    expect(s.stats.byRoute['POST /api/i']).toBe(2)
    expect(s.stats.byRoute['GET /api/v1/accounts/verify_credentials']).toBeUndefined()
    expect(vault.list().accounts.map((a) => a.status)).toEqual(['ok', 'ok'])

    s.revokeAllTokens('alice')
    await vault.reverifyAll()
    const alice = vault.get(`alice@${s.host}`)
    expect(alice.status).toBe('needs_reauth')
    expect(alice.statusReason).toContain('Authentication failed')

    await vault.add(await engineBrowserSignIn(vault, s, 'alice', 'correct horse'))
    await vault.reverify(`alice@${s.host}`)
    expect(vault.get(`alice@${s.host}`).status).toBe('ok')
    expect(s.stats.byRoute['POST /api/v1/apps']).toBeUndefined()
  })

  test('signing in again while the old token works says where to revoke it; after needs-sign-in it does not', async () => {
    const s = await sim('misskey')
    const { vault } = vaultAt()
    const notices: Array<{ code: string; message: string }> = []
    vault.on('notice', (n) => notices.push(n))
    await vault.add(await engineBrowserSignIn(vault, s, 'alice', 'correct horse'))
    expect(notices).toEqual([])

    await vault.add(await engineBrowserSignIn(vault, s, 'alice', 'correct horse'))
    expect(notices).toEqual([
      {
        level: 'warning',
        code: 'superseded_token_kept',
        message: expect.stringContaining(`${s.url}/settings/apps`)
      }
    ])
    expect(notices[0]!.message).toMatch(
      /^You signed in to alice@\S+ again\. The earlier sign-in may still work/
    )

    s.revokeAllTokens('alice')
    await vault.reverifyAll()
    expect(vault.get(`alice@${s.host}`).status).toBe('needs_reauth')
    await vault.add(await engineBrowserSignIn(vault, s, 'alice', 'correct horse'))
    expect(notices).toHaveLength(1)
  })

  test('removal forgets it here and says the token must be revoked on the server, never that it was', async () => {
    const s = await sim('misskey')
    const { dir, vault } = vaultAt()
    const signIn = await engineBrowserSignIn(vault, s, 'alice', 'correct horse')
    await vault.add(signIn)
    s.resetStats()
    const result = await vault.remove(`alice@${s.host}`)
    expect(result).toMatchObject({
      removed: true,
      token: { outcome: 'revoke_on_server', url: `${s.url}/settings/apps` }
    })
    expect(result.token?.outcome === 'revoke_on_server' && result.token.message).toMatch(
      /still works.*Connected apps/
    )
    expect(result.state.accounts).toEqual([])
    expect(Object.keys(onDisk(dir).accounts)).toEqual([])
    expect(s.stats.requests).toBe(0) // nothing pretends to revoke
    expect(s.isTokenValid(signIn.tokens.accessToken)).toBe(true)
  })

  test('next to a Mastodon account: each verified and removed its own way', async () => {
    const misskey = await sim('misskey')
    const mastodon = await sim('mastodon-4.6')
    const { vault } = vaultAt()
    await vault.add(await engineSignIn(vault, mastodon, 'alice@example.test', 'correct horse'))
    await vault.add(await engineBrowserSignIn(vault, misskey, 'bob', 'battery staple'))
    expect(vault.list().accounts.map((a) => [a.id, a.api, a.active])).toEqual([
      [`alice@${mastodon.host}`, 'mastodon', true],
      [`bob@${misskey.host}`, 'misskey', false]
    ])
    await vault.reverifyAll()
    expect(vault.list().accounts.map((a) => a.status)).toEqual(['ok', 'ok'])
    expect(await vault.remove(`alice@${mastodon.host}`)).toMatchObject({
      removed: true,
      token: { outcome: 'revoked' }
    })
  })
})
