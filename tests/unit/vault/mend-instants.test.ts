import { readFileSync, writeFileSync } from 'node:fs'
import { afterEach, describe, expect, test } from 'vitest'
import {
  AccountVault,
  openNodeDocumentStore,
  type VaultDocument,
  vaultStorePath
} from '../../../src/main/vault'
import { FileKeyCipher } from '../../../src/harness/file-key-cipher'
import { fediverseAccountServer } from '../../../src/main/composition/fediverse-account-server'
import { startSimulator, type Simulator } from '../../sim'
import { engineBrowserSignIn } from './support/engine-sign-in'
import { tempDir } from './support/temp-dir'

// A vault written by a Fedivault that took Hollo's millisecond `created_at` for seconds holds
// sign-in dates in the year 58902 (issue 19). Opening it mends them, on disk too.

let sim: Simulator | undefined
afterEach(async () => {
  await sim?.close()
})

const open = (dir: string) =>
  AccountVault.open({
    store: openNodeDocumentStore(dir),
    cipher: new FileKeyCipher(dir),
    server: fediverseAccountServer()
  })
const onDisk = (dir: string) =>
  JSON.parse(readFileSync(vaultStorePath(dir), 'utf8')) as VaultDocument

describe('opening a vault with sign-in dates in the far future', () => {
  test('a Hollo date stored ×1000 gets its real value back; other accounts and tokens are untouched', async () => {
    sim = await startSimulator({ personality: 'hollo' })
    const dir = tempDir()
    const vault = open(dir)
    const alice = await engineBrowserSignIn(vault, sim, 'alice', 'correct horse')
    await vault.add(alice)
    await vault.add(await engineBrowserSignIn(vault, sim, 'bob', 'battery staple'))
    const aliceId = `alice@${sim.host}`
    const bobId = `bob@${sim.host}`
    const issued = onDisk(dir).accounts[aliceId]!.token.issuedAt
    const bobIssued = onDisk(dir).accounts[bobId]!.token.issuedAt
    expect(Math.abs(issued - Date.now())).toBeLessThan(60_000)

    // What the earlier engine wrote: Hollo's milliseconds multiplied by 1000 once more.
    const broken = onDisk(dir)
    broken.accounts[aliceId]!.token.issuedAt = issued * 1000
    writeFileSync(vaultStorePath(dir), JSON.stringify(broken))
    expect(new Date(issued * 1000).getUTCFullYear()).toBeGreaterThan(50_000)

    const reopened = open(dir)
    const snapshot = reopened.transferSnapshot()
    const token = (id: string) => snapshot.accounts.find((a) => a.id === id)!.token
    expect(token(aliceId).issuedAt).toBe(issued)
    expect(token(bobId).issuedAt).toBe(bobIssued)
    expect(token(aliceId).accessToken).toBe(alice.tokens.accessToken)
    const mended = onDisk(dir)
    expect(mended.accounts[aliceId]!.token.issuedAt).toBe(issued)
    expect({ ...mended, accounts: {} }).toEqual({ ...broken, accounts: {} })
    expect(mended.accounts[bobId]).toEqual(broken.accounts[bobId])
    expect((await reopened.reverifyAll()).accounts.map((a) => a.status)).toEqual(['ok', 'ok'])
  })

  test('any other future date becomes the day the account was added; a sound file is not rewritten', async () => {
    sim = await startSimulator({ personality: 'hollo' })
    const dir = tempDir()
    const vault = open(dir)
    await vault.add(await engineBrowserSignIn(vault, sim, 'alice', 'correct horse'))
    const id = `alice@${sim.host}`
    const broken = onDisk(dir)
    const createdAt = broken.accounts[id]!.createdAt
    broken.accounts[id]!.token.issuedAt = 9e15 // year 287 000 000, and 9e12 (÷1000) is 2255
    writeFileSync(vaultStorePath(dir), JSON.stringify(broken))

    open(dir)
    expect(onDisk(dir).accounts[id]!.token.issuedAt).toBe(createdAt)
    const bytes = readFileSync(vaultStorePath(dir))
    open(dir)
    expect(readFileSync(vaultStorePath(dir)).equals(bytes)).toBe(true)
  })
})
