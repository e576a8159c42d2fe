import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startHarness, type Harness } from '../../src/harness/harness'
import { checkScreen, openApp, type AppPage } from './support/app-page'
import { launchChromium, type LaunchedBrowser } from './support/browser'

/**
 * Settings against the real services. The harness keeps secrets with a test key file, not an OS
 * keychain, so Settings must say so; script access is switched on from the page, its secret is
 * copied by main (the page never sees it), and a script's request shows up in the log.
 */

let dataDir: string
let harness: Harness
let chromium: LaunchedBrowser
let app: AppPage
const clipboard: string[] = []

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'fedivault-e2e-settings-'))
  harness = await startHarness({
    dataDir,
    quiet: true,
    openExternal: () => undefined,
    writeClipboard: (text) => clipboard.push(text)
  })
  chromium = await launchChromium()
  app = await openApp(chromium.browser, harness.url)
})

afterAll(async () => {
  await app?.close()
  await chromium?.close()
  await harness?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('settings (real services)', () => {
  test('storage without an OS keychain is shown with a warning', async () => {
    const { page } = app
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Settings' })
      .click()
    // Settings opens on General: the theme, the tray.
    await page.getByTestId('general-section').waitFor()
    expect(await checkScreen(page, 'settings-00-general')).toEqual([])
    await page
      .getByRole('navigation', { name: 'Settings sections' })
      .getByRole('button', { name: 'Security' })
      .click()
    await page.getByTestId('storage-section').waitFor()
    expect(await page.getByTestId('storage-section').textContent()).toContain(
      'Not protected by the OS keychain'
    )
    expect((await page.getByTestId('storage-description').textContent())?.length).toBeGreaterThan(0)
    await page.getByTestId('storage-warning').waitFor()
    expect(await checkScreen(page, 'settings-01-storage')).toEqual([])
  })

  test('script access: on, port shown, secret copied by main only, requests logged', async () => {
    const { page } = app
    await page
      .getByRole('navigation', { name: 'Settings sections' })
      .getByRole('button', { name: 'Scripts' })
      .click()
    // While scripts are off, there are no keys or log to show.
    expect(await page.getByTestId('audit-log').count()).toBe(0)
    await page.getByTestId('scripts-off-note').waitFor()
    await page.getByRole('checkbox', { name: 'Allow script access' }).check()
    await page.getByTestId('script-port').waitFor({ timeout: 15_000 })
    const port = Number(await page.getByTestId('script-port').textContent())
    expect(port).toBeGreaterThan(1023)
    expect(await page.getByTestId('footer-scripts').textContent()).toBe(
      `Scripts: on · 127.0.0.1:${port}`
    )

    await page.getByRole('button', { name: 'Copy secret' }).click()
    await expect.poll(() => clipboard.length).toBe(1)
    const secret = clipboard[0]!
    expect(secret.length).toBeGreaterThanOrEqual(20)
    expect(await page.content()).not.toContain(secret)

    // A script asks for a token; with no account signed in it is refused, and the log says so.
    const res = await fetch(`http://127.0.0.1:${port}/v1/token`, {
      headers: { Authorization: `Bearer ${secret}` }
    })
    expect(res.status).toBeGreaterThanOrEqual(400)
    // The log refreshes itself while the page is open.
    await expect
      .poll(() => page.getByTestId('audit-log').locator('tbody tr').count())
      .toBeGreaterThan(0)
    expect(await page.getByTestId('audit-log').locator('tbody tr').first().textContent()).toMatch(
      /GET \/v1\/token.*Refused/
    )
    expect(await checkScreen(page, 'settings-02-script-access-on')).toEqual([])

    await page.getByRole('checkbox', { name: 'Allow script access' }).uncheck()
    await expect.poll(() => page.getByTestId('script-port').count()).toBe(0)
    expect(app.problems).toEqual([])
  })

  test('the theme: Dark and Light override the system, are kept by main, System follows it again', async () => {
    const { page } = app
    const settingsNav = page.getByRole('navigation', { name: 'Settings sections' })
    await settingsNav.getByRole('button', { name: 'General' }).click()
    const background = () =>
      page.evaluate(() => getComputedStyle(document.body.parentElement!).backgroundColor)
    await page.emulateMedia({ colorScheme: 'light' })
    const light = await background()
    await page.getByRole('radio', { name: 'Dark' }).check()
    await expect
      .poll(() => page.evaluate(() => document.documentElement.dataset.theme))
      .toBe('dark')
    expect(await background()).not.toBe(light)
    expect(await checkScreen(page, 'settings-03-theme-dark')).toEqual([])

    // Kept by main: a reload (a new window) comes back dark although the system is light.
    await page.reload()
    await page
      .getByTestId('version')
      .filter({ hasText: /^Version / })
      .waitFor()
    await expect
      .poll(() => page.evaluate(() => document.documentElement.dataset.theme))
      .toBe('dark')
    await page.emulateMedia({ colorScheme: 'dark' })
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Settings' })
      .click()
    await page.getByRole('radio', { name: 'Light' }).check()
    await expect.poll(() => background()).toBe(light)
    await page.getByRole('radio', { name: 'System' }).check()
    await expect
      .poll(() => page.evaluate(() => document.documentElement.dataset.theme ?? 'none'))
      .toBe('none')
    expect(await background()).not.toBe(light) // the system (emulated) is dark
    await page.emulateMedia({ colorScheme: 'light' })
    expect(app.problems).toEqual([])
  })
})
