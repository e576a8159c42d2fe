import { execFile } from 'node:child_process'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, test } from 'vitest'
import {
  createSafeStorageCipher,
  type SafeStoragePort
} from '../../../src/main/platform/safe-storage-cipher'
import { AccountVault, openNodeDocumentStore, vaultStorePath } from '../../../src/main/vault'
import type { AccountsState } from '@shared/domain/account'
import { signIn } from '../vault/support/fixtures'
import { ScriptedServer } from '../vault/support/scripted-server'
import { tempDir } from '../vault/support/temp-dir'
import { FileKeyCipher } from '../../../src/harness/file-key-cipher'

/** safeStorage as Electron reports it on a given machine; "encryption" is reversible but not identity. */
function safeStorageOn(backend: string, available = true): SafeStoragePort {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () =>
      backend as ReturnType<SafeStoragePort['getSelectedStorageBackend']>,
    encryptString: (s) => Buffer.from(s, 'utf8').reverse(),
    decryptString: (b) => Buffer.from(b).reverse().toString('utf8')
  }
}

describe('safeStorage cipher', () => {
  test.each([
    ['darwin', 'anything', 'keychain', 'the macOS Keychain', true],
    ['win32', 'anything', 'dpapi', 'Windows DPAPI (your Windows sign-in)', true],
    ['linux', 'gnome_libsecret', 'gnome_libsecret', 'the Secret Service (GNOME Keyring)', true],
    ['linux', 'kwallet5', 'kwallet5', 'KWallet 5', true],
    ['linux', 'basic_text', 'basic_text', 'no keyring (Electron’s basic_text fallback)', false],
    ['linux', 'unknown', 'unknown', 'no keyring detected yet', false]
  ] as const)('%s with %s → %s', (platform, selected, backend, description, available) => {
    const cipher = createSafeStorageCipher(safeStorageOn(selected), platform)
    expect(cipher).toMatchObject({ backend, description, protectedByOs: available })
    expect(cipher.isAvailable()).toBe(available)
  })

  test('unavailable when Electron says so, whatever the backend', () => {
    expect(
      createSafeStorageCipher(safeStorageOn('gnome_libsecret', false), 'linux').isAvailable()
    ).toBe(false)
  })

  test('the default (Electron’s module; the test fake reports basic_text) makes the vault refuse to save', async () => {
    const dir = tempDir()
    const server = new ScriptedServer()
    const vault = AccountVault.open({
      store: openNodeDocumentStore(dir),
      cipher: createSafeStorageCipher(),
      server
    })
    await expect(vault.add(signIn(server, 'alice', 'a.example'))).rejects.toMatchObject({
      code: 'encryption_unavailable'
    })
  })

  test('a vault over a working safeStorage seals through it', async () => {
    const dir = tempDir()
    const server = new ScriptedServer()
    const cipher = createSafeStorageCipher(safeStorageOn('kwallet6'), 'linux')
    const vault = AccountVault.open({ store: openNodeDocumentStore(dir), cipher, server })
    const input = signIn(server, 'alice', 'a.example')
    await vault.add(input)
    expect((await vault.getAccessToken()).accessToken).toBe(input.tokens.accessToken)
    expect(vault.storageInfo()).toMatchObject({ backend: 'kwallet6', protectedByOs: true })
  })
})

describe('electron-store document store', () => {
  // vitest cannot swap `electron` inside electron-store (a dependency), so the real electron-store
  // runs in a child process whose `electron` is the fake, through a module hook.
  const CHILD = join(import.meta.dirname, '../vault/support/electron-store-child.ts')
  const HOOKS = join(import.meta.dirname, '../vault/support/register-fake-electron.mjs')
  // Each child starts Node and compiles TypeScript: seconds on a quiet machine, far more on a busy
  // one. So the children run asynchronously (the worker stays responsive) under generous limits;
  // what is tested is what they wrote and read, not how fast.
  const CHILD_LIMIT_MS = 120_000
  const runChild = async (dir: string, action = ''): Promise<AccountsState> => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', HOOKS, '--import', 'tsx', CHILD, dir, action],
      { encoding: 'utf8', timeout: CHILD_LIMIT_MS, env: { ...process.env, VITEST: 'true' } }
    )
    return JSON.parse(stdout) as AccountsState
  }

  test(
    'writes <dir>/vault.json (0600) that the conf store reads identically, and vice versa',
    async () => {
      const dir = tempDir()
      const written = await runChild(dir)
      expect(written.accounts.map((a) => a.id)).toEqual(['alice@a.example'])
      expect(statSync(vaultStorePath(dir)).mode & 0o777).toBe(0o600)

      const server = new ScriptedServer()
      const node = AccountVault.open({
        store: openNodeDocumentStore(dir),
        cipher: new FileKeyCipher(dir),
        server
      })
      expect(node.list()).toEqual(written)
      node.rename('alice@a.example', 'from conf')
      expect((await runChild(dir, 'read')).accounts[0]!.label).toBe('from conf')
      expect((await runChild(dir, 'rename')).accounts[0]!.label).toBe('from electron-store')
      expect(
        AccountVault.open({
          store: openNodeDocumentStore(dir),
          cipher: new FileKeyCipher(dir),
          server
        }).list().accounts[0]!.label
      ).toBe('from electron-store')
    },
    4 * CHILD_LIMIT_MS
  )

  test(
    'refuses the real profile directory inside tests',
    async () => {
      await expect(runChild('-', 'no-dir')).rejects.toThrow(/pass a data directory/)
    },
    2 * CHILD_LIMIT_MS
  )
})
