import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { ScriptKeyRegistry } from '../../../src/main/script-keys'
import { vaultStorePath } from '../../../src/main/vault/storage/conf-document-store'
import { upgradeDocument } from '../../../src/main/vault/storage/migrations'
import { signIn } from './support/fixtures'
import { makeVault } from './support/vault-harness'

/** Script keys live in the vault document (schema version 4) as hashes and settings only. */

function storedText(dir: string): string {
  return readFileSync(vaultStorePath(dir), 'utf8')
}

describe('schema version 4: script keys', () => {
  test('a version-3 document gains an empty key list and nothing else changes', () => {
    const v3 = {
      schemaVersion: 3,
      cipherBackend: 'file_key',
      instances: {},
      accounts: {},
      activeAccountId: null,
      settings: {
        scriptAccess: { enabled: false },
        allowPlaintextSecrets: false,
        closeToTray: true
      }
    }
    const outcome = upgradeDocument(v3)
    expect(outcome).toEqual({
      kind: 'migrated',
      fromVersion: 3,
      document: { ...v3, schemaVersion: 4, scriptKeys: {} }
    })
  })

  test('a version-3 store on disk is migrated with a backup, keeps its accounts, and takes keys', async () => {
    const { vault, server, dir, reopen } = makeVault()
    const alice = signIn(server, 'alice', 'a.example')
    await vault.add(alice)
    const { scriptKeys: _none, ...current } = JSON.parse(storedText(dir))
    writeFileSync(vaultStorePath(dir), JSON.stringify({ ...current, schemaVersion: 3 }))

    const migrated = reopen()
    expect(migrated.notices).toEqual([expect.objectContaining({ code: 'store_migrated' })])
    expect(readdirSync(dir).some((n) => n.startsWith('vault.json.v3-'))).toBe(true)
    expect(JSON.parse(storedText(dir))).toMatchObject({ schemaVersion: 4, scriptKeys: {} })
    expect((await migrated.getAccessToken('alice@a.example')).accessToken).toBe(alice.tokens.accessToken)

    const keys = new ScriptKeyRegistry(migrated.scriptKeys)
    const { plaintext } = keys.create({ name: 'bot', accounts: ['alice@a.example'], mode: 'token' })
    expect(new ScriptKeyRegistry(reopen().scriptKeys).authenticate(plaintext)?.status).toBe(
      'active'
    )
  })

  test('only the hash reaches the file; a key is not recoverable from disk', () => {
    const { vault, dir, reopen } = makeVault()
    const keys = new ScriptKeyRegistry(vault.scriptKeys)
    const created = ['one', 'two', 'three'].map((name) =>
      keys.create({ name, accounts: 'active', mode: 'proxy-read-only' })
    )
    keys.revoke({ name: 'two' })
    const text = storedText(dir)
    for (const { plaintext } of created) {
      expect(text).not.toContain(plaintext)
      expect(text).not.toContain(plaintext.slice(4))
    }
    const stored = JSON.parse(text).scriptKeys as Record<string, Record<string, unknown>>
    expect(Object.values(stored).map((k) => Object.keys(k).sort())).toContainEqual([
      'accounts',
      'createdAt',
      'hash',
      'id',
      'mode',
      'name'
    ])
    // Revocation is on disk too: a restart does not bring the key back.
    const again = new ScriptKeyRegistry(reopen().scriptKeys)
    expect(again.authenticate(created[1]!.plaintext)?.status).toBe('revoked')
    expect(again.authenticate(created[0]!.plaintext)?.status).toBe('active')
  })

  test('a key write is not an account change: no accounts event', () => {
    const { vault } = makeVault()
    const events: unknown[] = []
    vault.on('changed', (state) => events.push(state))
    new ScriptKeyRegistry(vault.scriptKeys).create({ name: 'x', accounts: 'active', mode: 'token' })
    expect(events).toEqual([])
  })
})
