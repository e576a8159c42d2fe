import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { startSimulator, type Simulator } from '../../sim'
import { leakedSecrets, startTransferApp, type TransferApp } from './support/transfer-app'

// Export on one "computer" (data directory with its own key), restore on another. The app uses
// the real scrypt parameters: slow on a busy machine, hence the generous timeouts.
const users = {
  alice: { username: 'alice@example.test', password: 'correct horse' },
  bob: { username: 'bob@example.test', password: 'battery staple' },
  carol: { username: 'carol@example.test', password: 'hunter2 hunter2' }
}
const PASS = 'a long enough passphrase'

let sim: Simulator
let a: TransferApp
let b: TransferApp
let work: string

beforeEach(async () => {
  sim = await startSimulator({ personality: 'mastodon-4.3' })
  sim.addUser({
    username: 'carol',
    email: 'carol@example.test',
    password: 'hunter2 hunter2',
    displayName: 'Carol',
    note: ''
  })
  a = await startTransferApp()
  b = await startTransferApp()
  work = mkdtempSync(join(tmpdir(), 'fedivault-restore-'))
})

afterEach(async () => {
  await a.close()
  await b.close()
  await sim.close()
  rmSync(work, { recursive: true, force: true })
})

const nextSecond = () => new Promise((r) => setTimeout(r, 1100 - (Date.now() % 1000)))
const signIn = (app: TransferApp, who: keyof typeof users) =>
  app.ok('signin:password', { input: sim.url, ...users[who] })
const tokenOf = async (app: TransferApp, who: string) =>
  (await app.app.vault.getAccessToken(`${who}@${sim.host}`)).accessToken

describe('export → restore', () => {
  test(
    'into an empty data directory: accounts, labels and the active one come back, sealed with the new key',
    { timeout: 180_000 },
    async () => {
      await signIn(a, 'alice')
      await signIn(a, 'bob')
      await a.ok('accounts:rename', { id: `alice@${sim.host}`, label: 'Work' })
      await a.ok('accounts:switch', { id: `alice@${sim.host}` })
      const file = join(work, 'all.fedivault-export')
      const exported = await a.ok('transfer:export', {
        path: file,
        passphrase: PASS,
        confirmation: PASS
      })
      expect(exported).toEqual({ path: file, accounts: 2, skipped: [] })
      const tokens = [await tokenOf(a, 'alice'), await tokenOf(a, 'bob')]
      expect(readFileSync(file).includes(Buffer.from(tokens[0]!))).toBe(false)

      const report = await b.ok('transfer:restore', { path: file, passphrase: PASS })

      expect(report.items).toEqual([
        { handle: `alice@${sim.host}`, outcome: 'added' },
        { handle: `bob@${sim.host}`, outcome: 'added' }
      ])
      const state = await b.ok('accounts:list')
      expect(state.activeAccountId).toBe(`alice@${sim.host}`)
      expect(state.accounts.map((x) => [x.id, x.label ?? null, x.status])).toEqual([
        [`alice@${sim.host}`, 'Work', 'ok'],
        [`bob@${sim.host}`, null, 'ok']
      ])
      expect([await tokenOf(b, 'alice'), await tokenOf(b, 'bob')]).toEqual(tokens)
      // Sealed again on this computer: neither the file nor anything that left main holds a token.
      const vaultJson = readFileSync(join(b.dataDir, 'vault.json'), 'utf8')
      expect(tokens.filter((t) => vaultJson.includes(t))).toEqual([])
      // Its own app registration came along: a new sign-in on B reuses it instead of registering.
      sim.resetStats()
      await signIn(b, 'carol')
      expect(sim.stats.byRoute['POST /api/v1/apps'] ?? 0).toBe(0)
      expect(leakedSecrets([...a.transcript, ...b.transcript], [...tokens, PASS])).toEqual([])
    }
  )

  test(
    'merging: a newer sign-in here is kept, an older one replaced (not revoked), a dead token reported',
    { timeout: 180_000 },
    async () => {
      await signIn(b, 'bob') // older than A's
      const olderBob = await tokenOf(b, 'bob')
      // Servers date tokens to the second (created_at); a tie keeps the sign-in already here.
      await nextSecond()
      await signIn(a, 'alice')
      await signIn(a, 'bob')
      await signIn(a, 'carol')
      const file = join(work, 'merge.fedivault-export')
      await a.ok('transfer:export', { path: file, passphrase: PASS, confirmation: PASS })
      await nextSecond()
      await signIn(b, 'alice') // newer than A's
      const newerAlice = await tokenOf(b, 'alice')
      sim.revokeAllTokens('carol')

      const report = await b.ok('transfer:restore', { path: file, passphrase: PASS })
      const byHandle = Object.fromEntries(report.items.map((i) => [i.handle.split('@')[0], i]))
      expect(byHandle.alice).toMatchObject({ outcome: 'kept_newer_here' })
      expect(byHandle.alice!.reason).toMatch(/on this computer .* is newer than the export's/)
      expect(byHandle.bob).toMatchObject({ outcome: 'replaced_older' })
      expect(byHandle.bob!.reason).toMatch(/older one was not revoked/)
      expect(byHandle.carol).toMatchObject({ outcome: 'failed' })
      expect(byHandle.carol!.reason).toMatch(/no longer accepts this sign-in/)
      expect(await tokenOf(b, 'alice')).toBe(newerAlice)
      expect(await tokenOf(b, 'bob')).toBe(await tokenOf(a, 'bob'))
      expect(sim.isTokenValid(olderBob)).toBe(true)
      expect((await b.ok('accounts:list')).accounts.map((x) => x.id)).not.toContain(
        `carol@${sim.host}`
      )

      const again = await b.ok('transfer:restore', { path: file, passphrase: PASS })
      expect(again.items.map((i) => i.outcome)).toEqual([
        'kept_newer_here',
        'already_present',
        'failed'
      ])
    }
  )

  test(
    'wrong passphrase, a truncated file and a mismatched confirmation change nothing',
    { timeout: 180_000 },
    async () => {
      await signIn(a, 'alice')
      const file = join(work, 'x.fedivault-export')
      expect(
        await a.call('transfer:export', { path: file, passphrase: PASS, confirmation: `${PASS}.` })
      ).toMatchObject({ ok: false, error: { code: 'passphrase_mismatch' } })
      expect(
        await a.call('transfer:export', { path: file, passphrase: 'short', confirmation: 'short' })
      ).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
      await a.ok('transfer:export', { path: file, passphrase: PASS, confirmation: PASS })

      expect(
        await b.call('transfer:restore', { path: file, passphrase: 'not the passphrase' })
      ).toMatchObject({
        ok: false,
        error: { code: 'export_wrong_passphrase' }
      })
      const cut = join(work, 'cut.fedivault-export')
      writeFileSync(cut, readFileSync(file).subarray(0, 200))
      const truncated = await b.call('transfer:restore', { path: cut, passphrase: PASS })
      expect(truncated).toMatchObject({ ok: false, error: { code: 'export_damaged' } })
      expect(!truncated.ok && truncated.error.message).toMatch(/truncated/)
      expect((await b.ok('accounts:list')).accounts).toEqual([])
      expect(leakedSecrets(b.transcript, [PASS, await tokenOf(a, 'alice')])).toEqual([])
    }
  )
})
