import { afterEach, expect, test } from 'vitest'
import { vaultAccountSource } from '../../src/main/composition/script-access-ports'
import { AccountVault, openNodeDocumentStore } from '../../src/main/vault'
import { fediverseAccountServer } from '../../src/main/composition/fediverse-account-server'
import { startSimulator, type Simulator } from '../sim'
import { engineSignIn } from '../unit/vault/support/engine-sign-in'
import { tempDir } from '../unit/vault/support/temp-dir'
import { authed, send, startEndpoint } from '../unit/endpoint/fixtures'
import { FileKeyCipher } from '../../src/harness/file-key-cipher'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

test('Takahē refuses a revoked token with a 400 page: /v1/token answers 423 needs_reauth', async () => {
  const sim: Simulator = await startSimulator({ personality: 'takahe' })
  cleanups.push(() => sim.close())
  const dir = tempDir()
  const vault = AccountVault.open({
    store: openNodeDocumentStore(dir),
    cipher: new FileKeyCipher(dir),
    server: fediverseAccountServer()
  })
  await vault.add(await engineSignIn(vault, sim, 'alice', 'correct horse'))
  const h = await startEndpoint({ accounts: vaultAccountSource(vault) })
  cleanups.push(() => h.cleanup())
  const token = () => send(h.port, { path: '/v1/token', headers: authed(h.secret) })

  const before = await token()
  expect(before.status).toBe(200)
  expect(sim.isTokenValid(String((before.json() as { access_token: string }).access_token))).toBe(
    true
  )

  sim.revokeAllTokens()
  await vault.reverifyAll()

  const after = await token()
  expect(after.status).toBe(423)
  expect(after.json()).toMatchObject({ error: 'needs_reauth' })
  expect(after.text).not.toContain((before.json() as { access_token: string }).access_token)
})
