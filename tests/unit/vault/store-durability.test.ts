import {
  chmodSync,
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { CURRENT_SCHEMA_VERSION, VaultError, vaultStorePath } from '../../../src/main/vault'
import { signIn } from './support/fixtures'
import { tempDir } from './support/temp-dir'
import { makeVault } from './support/vault-harness'

const FIXTURE_V1 = join(import.meta.dirname, '../../fixtures/vault/v1')

const mode = (path: string) => statSync(path).mode & 0o777

describe('files', () => {
  test('the store and the test key file are written with mode 0600', async () => {
    const { vault, server, dir } = makeVault()
    await vault.add(signIn(server, 'alice', 'a.example'))
    expect(mode(vaultStorePath(dir))).toBe(0o600)
    const keyFile = readdirSync(dir).find((n) => n.includes('not-the-os-keychain'))!
    expect(mode(join(dir, keyFile))).toBe(0o600)
  })

  test('a store left world-readable by an older build is 0600 after the next write', async () => {
    const { vault, server, dir } = makeVault()
    await vault.add(signIn(server, 'alice', 'a.example'))
    chmodSync(vaultStorePath(dir), 0o644)
    vault.rename('alice@a.example', 'x')
    expect(mode(vaultStorePath(dir))).toBe(0o600)
  })

  test('temp files left by a killed write are cleaned up on open', async () => {
    const { vault, server, dir, reopen } = makeVault()
    await vault.add(signIn(server, 'alice', 'a.example'))
    writeFileSync(`${vaultStorePath(dir)}.tmp-1234567890abcdef`, '{"half":')
    expect(reopen().list().accounts).toHaveLength(1)
    expect(readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([])
  })
})

describe('corruption', () => {
  test.each([
    ['truncated JSON', '{"schemaVersion": 2, "accounts": {'],
    ['an empty file', ''],
    ['JSON null', 'null'],
    ['a JSON array', '[1, 2]'],
    ['an object of the wrong shape', '{"schemaVersion": 2, "accounts": "nope"}'],
    ['an object with no version', '{"accounts": {}}']
  ])(
    '%s is moved aside to a timestamped backup, the person is told, and a new store starts',
    async (_name, text) => {
      const dir = tempDir()
      writeFileSync(vaultStorePath(dir), text, { mode: 0o600 })
      const { vault, server } = makeVault({ dir })

      expect(vault.list()).toEqual({ accounts: [], activeAccountId: null })
      expect(vault.notices).toEqual([
        expect.objectContaining({
          level: 'error',
          code: 'store_recovered',
          message: expect.stringContaining('corrupt-')
        })
      ])
      const backups = readdirSync(dir).filter((n) =>
        /^vault\.json\.corrupt-\d{4}-\d\d-\d\dT[\d-]+Z$/.test(n)
      )
      expect(backups).toHaveLength(1)
      expect(readFileSync(join(dir, backups[0]!), 'utf8')).toBe(text)
      expect(existsSync(vaultStorePath(dir))).toBe(false)

      await vault.add(signIn(server, 'alice', 'a.example'))
      expect(JSON.parse(readFileSync(vaultStorePath(dir), 'utf8')).schemaVersion).toBe(
        CURRENT_SCHEMA_VERSION
      )
    }
  )
})

describe('newer schema version', () => {
  test('is shown read-only and never overwritten', async () => {
    const source = makeVault()
    await source.vault.add(signIn(source.server, 'alice', 'a.example'))
    const path = vaultStorePath(source.dir)
    const newer = {
      ...JSON.parse(readFileSync(path, 'utf8')),
      schemaVersion: 99,
      futureField: { x: 1 }
    }
    writeFileSync(path, JSON.stringify(newer))
    const bytes = readFileSync(path, 'utf8')

    const vault = source.reopen()

    expect(vault.readOnly).toBe(true)
    expect(vault.notices[0]).toMatchObject({ level: 'warning', code: 'store_from_newer_version' })
    expect(vault.list().accounts.map((a) => a.id)).toEqual(['alice@a.example'])
    expect(vault.storageInfo().canSaveSecrets).toBe(false)
    const refusals: Array<() => unknown> = [
      () => vault.rename('alice@a.example', 'x'),
      () => vault.switch('alice@a.example'),
      () => vault.reorder([]),
      () => vault.updateSettings({ closeToTray: true }),
      () => vault.add(signIn(source.server, 'bob', 'b.example')),
      () => vault.remove('alice@a.example'),
      () =>
        vault.apps.put('https://b.example', {
          clientId: 'c',
          clientSecret: 's',
          redirectUris: [],
          scopes: [],
          registeredAt: 0
        })
    ]
    for (const attempt of refusals) {
      await expect(Promise.resolve().then(attempt)).rejects.toSatisfy(
        (e) => e instanceof VaultError && e.code === 'store_from_newer_version'
      )
    }
    expect(readFileSync(path, 'utf8')).toBe(bytes)
  })

  test('a newer store we cannot read at all is left alone too', () => {
    const dir = tempDir()
    const text = JSON.stringify({ schemaVersion: 7, totallyDifferent: true })
    writeFileSync(vaultStorePath(dir), text)
    const { vault } = makeVault({ dir })
    expect(vault.readOnly).toBe(true)
    expect(vault.list().accounts).toEqual([])
    expect(readFileSync(vaultStorePath(dir), 'utf8')).toBe(text)
    expect(readdirSync(dir).filter((n) => n.includes('corrupt'))).toEqual([])
  })
})

describe('migration from schema version 1', () => {
  function openFixture() {
    const dir = tempDir()
    cpSync(FIXTURE_V1, dir, { recursive: true })
    return makeVault({ dir })
  }

  test('keeps every account, app, label, status and the active account, with secrets intact', async () => {
    const { vault, dir } = openFixture()
    const state = vault.list()
    expect(state.activeAccountId).toBe('bob@gts.example')
    expect(state.accounts).toEqual([
      expect.objectContaining({
        id: 'alice@social.example',
        username: 'Alice',
        domain: 'social.example',
        apiBaseUrl: 'https://social.example',
        software: 'mastodon',
        softwareVersion: '4.3.2',
        displayName: 'Alice A.',
        avatar: 'https://social.example/avatars/alice.png',
        label: 'work',
        status: 'ok',
        position: 0,
        lastVerifiedAt: Date.parse('2025-03-02T10:00:00.000Z')
      }),
      expect.objectContaining({
        id: 'bob@gts.example',
        apiBaseUrl: 'https://gts.example:8443',
        software: 'gotosocial',
        displayName: 'bob',
        status: 'needs_reauth',
        active: true,
        position: 1
      })
    ])
    expect(vault.get('alice@social.example')).toMatchObject({
      scopes: ['read', 'write', 'follow'],
      createdAt: Date.parse('2025-03-01T10:00:00.000Z')
    })
    expect((await vault.getAccessToken('alice@social.example')).accessToken).toBe('fixture-token-alice')
    expect((await vault.getAccessToken('bob@gts.example')).accessToken).toBe('fixture-token-bob')
    expect((await vault.apps.get('https://social.example'))?.clientSecret).toBe(
      'fixture-client-secret-social'
    )
    expect((await vault.apps.get('https://gts.example:8443'))?.clientId).toBe('client-gts')
    expect(vault.getSettings().closeToTray).toBe(true)
    expect(vault.notices).toEqual([expect.objectContaining({ code: 'store_migrated' })])
    const stored = JSON.parse(readFileSync(vaultStorePath(dir), 'utf8'))
    expect(stored.schemaVersion).toBe(4)
    expect(stored.scriptKeys).toEqual({})
    // Through version 2 into 3: each instance's one app is current, and each token names it.
    expect(stored.instances['gts.example:8443']).toMatchObject({
      currentClientId: 'client-gts',
      apps: { 'client-gts': { clientId: 'client-gts' } }
    })
    expect(stored.accounts['alice@social.example'].token.clientId).toBe('client-social')
    expect(stored.accounts['bob@gts.example'].token.clientId).toBe('client-gts')
  })

  test('the version-1 file is kept next to the migrated one, byte for byte', () => {
    const { dir } = openFixture()
    const backup = readdirSync(dir).find((n) => n.startsWith('vault.json.v1-'))!
    expect(readFileSync(join(dir, backup), 'utf8')).toBe(
      readFileSync(join(FIXTURE_V1, 'vault.json'), 'utf8')
    )
  })

  test('a migrated store opens as current the next time', () => {
    const { reopen } = openFixture()
    const again = reopen()
    expect(again.notices).toEqual([])
    expect(again.list().accounts).toHaveLength(2)
  })
})
