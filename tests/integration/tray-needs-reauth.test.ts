import { afterEach, expect, test } from 'vitest'
import { AccountVault, openNodeDocumentStore } from '../../src/main/vault'
import { fediverseAccountServer } from '../../src/main/composition/fediverse-account-server'
import { buildTrayMenu } from '../../src/main/tray/tray-menu'
import { TrayStateStore } from '../../src/main/tray/tray-state-store'
import { startSimulator, type Simulator } from '../sim'
import { engineSignIn } from '../unit/vault/support/engine-sign-in'
import { tempDir } from '../unit/vault/support/temp-dir'
import { FileKeyCipher } from '../../src/harness/file-key-cipher'

// The tray as the shell feeds it (src/main/index.ts): from the vault's list, on every change.

let sim: Simulator | undefined
afterEach(async () => {
  await sim?.close()
  sim = undefined
})

test('Takahē refuses a revoked token with a 400 page: the tray marks the account "sign in again"', async () => {
  sim = await startSimulator({ personality: 'takahe' })
  const dir = tempDir()
  const vault = AccountVault.open({
    store: openNodeDocumentStore(dir),
    cipher: new FileKeyCipher(dir),
    server: fediverseAccountServer()
  })
  const tray = new TrayStateStore()
  vault.on('changed', () => tray.setAccounts(vault.list()))
  await vault.add(await engineSignIn(vault, sim, 'alice', 'correct horse'))
  const id = `alice@${sim.host}`
  const label = () =>
    buildTrayMenu({ ...tray.current(), platform: 'linux' }).find((i) => i.id === `account:${id}`)
      ?.label
  expect(label()).not.toMatch(/sign in again/)

  sim.revokeAllTokens('alice')
  await vault.reverifyAll()

  expect(vault.get(id)).toMatchObject({ status: 'needs_reauth' })
  expect(vault.get(id).statusReason).toMatch(/HTTP 400: Invalid Bearer token/)
  expect(label()).toMatch(/⚠ sign in again/)
})
