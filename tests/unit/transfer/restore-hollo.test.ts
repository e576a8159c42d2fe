import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { decryptExport, encryptExport } from '../../../src/main/transfer/export/export-file'
import { startSimulator, type Simulator } from '../../sim'
import { startTransferApp, type TransferApp } from './support/transfer-app'

// Export → restore with Hollo 0.9.13, whose code exchange dates tokens in milliseconds (issue 19):
// the sign-in dates compared and shown must be the real ones, so the newer sign-in wins either way.
const PASS = 'a long enough passphrase'
const ALICE = { username: 'alice', password: 'correct horse' }

let sim: Simulator
let a: TransferApp
let b: TransferApp
let work: string

beforeEach(async () => {
  sim = await startSimulator({ personality: 'hollo' })
  a = await startTransferApp()
  b = await startTransferApp()
  work = mkdtempSync(join(tmpdir(), 'fedivault-restore-hollo-'))
})

afterEach(async () => {
  await a.close()
  await b.close()
  await sim.close()
  rmSync(work, { recursive: true, force: true })
})

/** A browser sign-in through the app, the simulator playing the person on Hollo's pages. */
async function browserSignIn(app: TransferApp): Promise<void> {
  const flow = await app.ok('signin:startBrowser', { input: sim.url, forceLogin: true })
  const waiting = app.ok('signin:awaitBrowser', { flowId: flow.flowId })
  const { location } = await sim.approve(flow.authorizationUrl, ALICE)
  await (await fetch(location!)).text()
  await waiting
}

const tokenOf = async (app: TransferApp) =>
  (await app.app.vault.getAccessToken(`alice@${sim.host}`)).accessToken
/** The dates a restore report names, as years. */
const years = (reason: string | undefined) =>
  [...(reason ?? '').matchAll(/\(([+-]?\d+)-\d\d-\d\d \d\d:\d\d UTC\)/g)].map((m) => Number(m[1]))

describe('export → restore on Hollo', () => {
  test(
    "an older sign-in here is replaced by the export's newer one, and both dates are real",
    { timeout: 180_000 },
    async () => {
      await browserSignIn(b)
      await browserSignIn(a)
      const file = join(work, 'hollo.fedivault-export')
      await a.ok('transfer:export', { path: file, passphrase: PASS, confirmation: PASS })

      const report = await b.ok('transfer:restore', { path: file, passphrase: PASS })
      expect(report.items).toHaveLength(1)
      expect(report.items[0]).toMatchObject({ outcome: 'replaced_older' })
      const year = new Date().getUTCFullYear()
      expect(years(report.items[0]!.reason)).toEqual([year, year])
      expect(await tokenOf(b)).toBe(await tokenOf(a))
    }
  )

  test(
    'a newer sign-in here is kept, and the reason names real dates',
    { timeout: 180_000 },
    async () => {
      await browserSignIn(a)
      const file = join(work, 'hollo.fedivault-export')
      await a.ok('transfer:export', { path: file, passphrase: PASS, confirmation: PASS })
      await browserSignIn(b)
      const newer = await tokenOf(b)

      const report = await b.ok('transfer:restore', { path: file, passphrase: PASS })
      expect(report.items[0]).toMatchObject({ outcome: 'kept_newer_here' })
      const year = new Date().getUTCFullYear()
      expect(years(report.items[0]!.reason)).toEqual([year, year])
      expect(await tokenOf(b)).toBe(newer)
    }
  )

  test(
    "an export from a Fedivault that stored Hollo's date ×1000 does not replace a newer sign-in here",
    { timeout: 180_000 },
    async () => {
      await browserSignIn(a)
      const file = join(work, 'hollo.fedivault-export')
      await a.ok('transfer:export', { path: file, passphrase: PASS, confirmation: PASS })
      // What that Fedivault wrote: the same file, the sign-in dated in the year 58902.
      const payload = JSON.parse(
        (await decryptExport(readFileSync(file), PASS)).toString('utf8')
      ) as { accounts: Array<{ token: { issuedAt: number } }> }
      const issuedAt = payload.accounts[0]!.token.issuedAt
      payload.accounts[0]!.token.issuedAt = issuedAt * 1000
      writeFileSync(file, await encryptExport(Buffer.from(JSON.stringify(payload)), PASS))
      await browserSignIn(b)
      const newer = await tokenOf(b)

      const report = await b.ok('transfer:restore', { path: file, passphrase: PASS })
      expect(report.items[0]).toMatchObject({ outcome: 'kept_newer_here' })
      const year = new Date().getUTCFullYear()
      expect(years(report.items[0]!.reason)).toEqual([year, year])
      expect(await tokenOf(b)).toBe(newer)
    }
  )
})
