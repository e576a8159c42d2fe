import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startHarness, type Harness } from '../../src/harness/harness'
import { assertToolsInstalled, mastodonPyLogin, tootLogin } from '../support/real-tools'
import { checkScreen, openApp, type AppPage } from './support/app-page'
import { startAppStack, type AppStack } from './support/stack'
import { goToAccounts } from './support/flows'

/**
 * Settings → Import accounts…, Export accounts… and Restore from export… in Chromium, against the
 * real services and files the real toot and Mastodon.py wrote. Every WebSocket frame between the
 * page and main is kept: no token may be in any of them.
 */
let stack: AppStack
let work: string
let file: string
const frames: string[] = []
const secrets: string[] = []

function recordFrames(page: Page) {
  page.on('websocket', (ws) => {
    ws.on('framereceived', (f) => void frames.push(String(f.payload)))
    ws.on('framesent', (f) => void frames.push(String(f.payload)))
  })
}

async function openSettings(page: Page) {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'Settings' })
    .click()
  await page
    .getByRole('navigation', { name: 'Settings sections' })
    .getByRole('button', { name: 'Import & export' })
    .click()
  await page.getByTestId('import-accounts').waitFor()
}

beforeAll(async () => {
  assertToolsInstalled()
  work = mkdtempSync(join(tmpdir(), 'fedivault-e2e-transfer-files-'))
  file = join(work, 'accounts.fedivault-export')
  stack = await startAppStack({ name: 'transfer', personality: 'mastodon-4.3' })
  recordFrames(stack.app.page)
  // Frames from before the listener (the first load) carry no token: there are no accounts yet.
  await stack.app.page.reload()
  await stack.app.page
    .getByTestId('version')
    .filter({ hasText: /^Version / })
    .waitFor()
})

afterAll(async () => {
  await stack?.close()
  rmSync(work, { recursive: true, force: true })
})

describe('import, export and restore in the UI', () => {
  test('import from toot: the result per account, then the offer to delete the file', async () => {
    const { page } = stack.app
    const config = await tootLogin(
      stack.sim,
      { email: 'alice@example.test', password: 'correct horse' },
      work
    )
    const json = JSON.parse(readFileSync(config, 'utf8')) as {
      users: Record<string, { access_token: string }>
      apps: Record<string, { client_secret: string }>
    }
    secrets.push(
      ...Object.values(json.users).map((u) => u.access_token),
      ...Object.values(json.apps).map((a) => a.client_secret)
    )
    await openSettings(page)
    const section = page.getByTestId('import-accounts')
    await section.getByRole('button', { name: 'Import accounts…' }).click()
    await section.getByRole('radio', { name: /^toot/ }).check()
    await section.getByLabel("Path to toot's config.json").fill(config)
    await section.getByRole('button', { name: 'Import', exact: true }).click()

    const report = page.getByTestId('import-report')
    await report.waitFor({ timeout: 120_000 })
    expect(await report.getByRole('status').first().textContent()).toBe(
      'Found 1 account: 1 added, 0 already in Fedivault, 0 not imported.'
    )
    expect(await report.locator('li[data-outcome="added"]').textContent()).toContain(
      `alice@${stack.sim.host}`
    )
    expect(await checkScreen(page, 'transfer-02-import-report')).toEqual([])
    // Offered, not done: the file is still there until the button is pressed.
    expect(existsSync(config)).toBe(true)
    await report.getByRole('button', { name: 'Delete this file' }).click()
    await report.getByText(`Deleted ${config}.`).waitFor()
    expect(existsSync(config)).toBe(false)
  })

  test('import from Mastodon.py: a token the server revoked is listed with the reason', async () => {
    const { page } = stack.app
    const dir = mkdtempSync(join(work, 'mpy-'))
    await mastodonPyLogin(
      stack.sim,
      { email: 'bob@example.test', password: 'battery staple' },
      { clientFile: join(dir, 'bot_clientcred.secret'), userFile: join(dir, 'bot_usercred.secret') }
    )
    secrets.push(
      ...readFileSync(join(dir, 'bot_usercred.secret'), 'utf8')
        .split('\n')
        .filter((l) => l && !l.startsWith('http'))
    )
    stack.sim.revokeAllTokens('bob')
    const section = page.getByTestId('import-accounts')
    await section.getByRole('button', { name: 'Done' }).click()
    await section.getByRole('button', { name: 'Import accounts…' }).click()
    await section.getByRole('radio', { name: /^Mastodon\.py/ }).check()
    await section.getByLabel('Path to the *.secret files').fill(dir)
    await section.getByRole('button', { name: 'Import', exact: true }).click()
    const failed = page.getByTestId('import-report').locator('li[data-outcome="failed"]')
    await failed.waitFor({ timeout: 120_000 })
    expect(await failed.textContent()).toMatch(
      /Not imported.*bot_usercred\.secret.*no longer accepts this sign-in/
    )
    // Not every account came across: no offer to delete.
    expect(await page.getByTestId('delete-offer').count()).toBe(0)
  })

  test("a file that is not toot's config.json is listed as not imported, saying what is wrong; a missing one is named", async () => {
    const { page } = stack.app
    const broken = join(work, 'truncated-config.json')
    writeFileSync(broken, '{"apps": {"x": ')
    const section = page.getByTestId('import-accounts')
    await section.getByRole('button', { name: 'Done' }).click()
    await section.getByRole('button', { name: 'Import accounts…' }).click()
    await section.getByRole('radio', { name: /^toot/ }).check()
    await section.getByLabel("Path to toot's config.json").fill(broken)
    await section.getByRole('button', { name: 'Import', exact: true }).click()
    const report = page.getByTestId('import-report')
    await report.getByTestId('import-unreadable').waitFor({ timeout: 120_000 })
    expect(await report.getByRole('status').first().textContent()).toBe(
      'Found 0 accounts: 0 added, 0 already in Fedivault, 0 not imported. 1 file could not be read.'
    )
    expect(await report.getByTestId('import-unreadable').textContent()).toBe(
      `Not imported ${broken} not JSON at line 1 column 16: this is not toot's config.json.`
    )
    expect(await page.getByTestId('delete-offer').count()).toBe(0)

    const missing = join(work, 'nowhere', 'config.json')
    await section.getByRole('button', { name: 'Done' }).click()
    await section.getByRole('button', { name: 'Import accounts…' }).click()
    await section.getByRole('radio', { name: /^toot/ }).check()
    await section.getByLabel("Path to toot's config.json").fill(missing)
    await section.getByRole('button', { name: 'Import', exact: true }).click()
    await section.getByTestId('import-error').getByText(`${missing} does not exist.`).waitFor()
  })

  // scrypt with the real parameters takes ~0.5 s on an idle machine, many seconds on a busy one.
  test('export with a passphrase typed twice', { timeout: 240_000 }, async () => {
    const { page } = stack.app
    const section = page.getByTestId('export-accounts')
    await section.getByRole('button', { name: 'Export accounts…' }).click()
    await section.getByLabel('Save the export as').fill(file)
    await section.getByLabel('Passphrase', { exact: true }).fill('correct horse battery')
    await section.getByLabel('Passphrase again').fill('correct horse battery!')
    await section.getByRole('button', { name: 'Export', exact: true }).click()
    await section.getByRole('alert').getByText('The two passphrases are not the same.').waitFor()
    // Cleared on submit, match or not.
    expect(await section.getByLabel('Passphrase', { exact: true }).inputValue()).toBe('')
    expect(await section.getByLabel('Passphrase again').inputValue()).toBe('')

    await section.getByLabel('Passphrase', { exact: true }).fill('correct horse battery')
    await section.getByLabel('Passphrase again').fill('correct horse battery')
    await section.getByRole('button', { name: 'Export', exact: true }).click()
    await section.getByTestId('export-done').waitFor({ timeout: 120_000 })
    expect(await section.getByTestId('export-done').textContent()).toContain(
      `Exported 1 account to ${file}`
    )
    expect(readFileSync(file).subarray(0, 8).toString()).toBe('FVEXPORT')
  })

  test(
    'restore into an empty data directory: wrong passphrase first, then the right one',
    { timeout: 240_000 },
    async () => {
      // Another computer: a fresh data directory with its own key file.
      const otherDir = mkdtempSync(join(tmpdir(), 'fedivault-e2e-restore-'))
      let other: Harness | undefined
      let otherApp: AppPage | undefined
      try {
        other = await startHarness({
          dataDir: otherDir,
          quiet: true,
          reverifyIntervalMs: 0,
          openExternal: () => undefined
        })
        otherApp = await openApp(stack.chromium.browser, other.url)
        recordFrames(otherApp.page)
        const p = otherApp.page
        await openSettings(p)
        const restore = p.getByTestId('export-accounts')
        await restore.getByRole('button', { name: 'Restore from export…' }).click()
        await restore.getByLabel('Path to the export file').fill(file)
        await restore.getByLabel('Passphrase', { exact: true }).fill('wrong horse battery')
        await restore.getByRole('button', { name: 'Restore', exact: true }).click()
        const error = p.getByTestId('restore-error')
        await error.waitFor({ timeout: 120_000 })
        expect(await error.getAttribute('data-code')).toBe('export_wrong_passphrase')
        expect(await error.textContent()).toContain('Wrong passphrase')
        expect(await checkScreen(p, 'transfer-04-wrong-passphrase')).toEqual([])

        await restore.getByLabel('Passphrase', { exact: true }).fill('correct horse battery')
        await restore.getByRole('button', { name: 'Restore', exact: true }).click()
        const report = p.getByTestId('restore-report')
        await report.waitFor({ timeout: 120_000 })
        expect(await report.locator('li[data-outcome="added"]').textContent()).toContain(
          `alice@${stack.sim.host}`
        )
        expect(await restore.getByLabel('Passphrase', { exact: true }).inputValue()).toBe('')
        expect(await checkScreen(p, 'transfer-05-restored')).toEqual([])

        // The same file again: everything is already here, which is said as such, not as "0 of 1".
        await restore.getByLabel('Passphrase', { exact: true }).fill('correct horse battery')
        await restore.getByRole('button', { name: 'Restore', exact: true }).click()
        await expect
          .poll(() => report.locator('li[data-outcome="already_present"]').count(), {
            timeout: 120_000
          })
          .toBe(1)
        expect(await p.getByTestId('restore-summary').textContent()).toMatch(
          /^Nothing to restore: the account is already here\./
        )
        await goToAccounts(p)
        await p.getByText(`alice@${stack.sim.host}`).first().waitFor()
        expect(otherApp.problems).toEqual([])
      } finally {
        await otherApp?.close()
        await other?.close()
        rmSync(otherDir, { recursive: true, force: true })
      }
    }
  )

  test('no token or client secret crossed to the page', () => {
    expect(secrets.length).toBeGreaterThanOrEqual(3)
    expect(frames.length).toBeGreaterThan(10)
    expect(secrets.filter((s) => frames.some((f) => f.includes(s)))).toEqual([])
    expect(stack.app.problems).toEqual([])
  })
})
