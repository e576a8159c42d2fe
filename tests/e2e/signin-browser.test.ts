import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startAppStack, type AppStack } from './support/stack'
import type { Simulator } from '../sim'
import { checkScreen, type AppPage } from './support/app-page'
import { screenshotPath, type LaunchedBrowser } from './support/browser'
import { lookUp, startAddingAccount, startBrowserSignIn } from './support/flows'
import { captureOpenExternal, signInOnServer } from './support/system-browser'

/**
 * Browser sign-in against a simulated Mastodon 4.6 (no password grant): the app hands the
 * authorization URL to the "system browser", which the test plays in a separate Chromium context;
 * the simulator's login form redirects to the app's loopback listener. Then the code-paste
 * fallback, where the server shows a code and the person pastes it.
 */

let sim: Simulator
let chromium: LaunchedBrowser
let app: AppPage
const opened = captureOpenExternal()

let stack: AppStack

beforeAll(async () => {
  stack = await startAppStack({
    name: 'browser',
    personality: 'mastodon-4.6',
    openExternal: opened.openExternal
  })
  ;({ sim, chromium, app } = stack)
})

afterAll(() => stack?.close())

describe('browser sign-in (Mastodon 4.6)', () => {
  test('the app opens the browser, waits, and shows the verified profile after approval', async () => {
    const { page } = app
    await startAddingAccount(page)
    expect(await lookUp(page, sim.url)).toBe('found')
    // Mastodon 4.6 takes no passwords: one button, and no password link at all.
    expect(await page.getByRole('button', { name: 'Use a password instead' }).count()).toBe(0)
    await page.getByRole('button', { name: 'Sign in with browser' }).click()
    await page.getByTestId('step-browser-wait').waitFor()

    // The system browser was asked to open the authorization URL; the app waits for it.
    const url = await opened.next()
    expect(new URL(url).pathname).toBe('/oauth/authorize')
    await expect
      .poll(() => page.getByTestId('progress').textContent())
      .toMatch(/approve in the browser/i)
    // Copy link puts the same URL on the clipboard (it is not a secret).
    await page.getByRole('button', { name: 'Copy link' }).click()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url)
    expect(await checkScreen(page, 'browser-01-waiting')).toEqual([])

    // The person signs in on the server's page, which redirects to the loopback listener.
    const browserTab = await signInOnServer(
      chromium.browser,
      url,
      { username: 'alice', password: 'correct horse' },
      'browser-00-server-login'
    )
    expect(new URL(browserTab.url()).hostname).toBe('127.0.0.1')
    await browserTab.screenshot({ path: screenshotPath('browser-02-loopback-page') })
    await browserTab.context().close()

    await page.getByTestId('step-verified').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('profile-handle').textContent()).toBe(`@alice@${sim.host}`)
    await page.getByTestId('now-active').waitFor()
    expect(await checkScreen(page, 'browser-03-verified')).toEqual([])
    expect(app.problems).toEqual([])
  })

  test('cancel while waiting goes back to the server, still looked up', async () => {
    const { page } = app
    await startBrowserSignIn(page, sim.url, opened)
    await page.getByRole('button', { name: 'Cancel' }).click()
    await page.getByTestId('step-instance').waitFor()
    await page.getByTestId('instance-summary').waitFor()
  })

  test('the code-paste fallback: the server shows a code, the person pastes it', async () => {
    const { page } = app
    await startBrowserSignIn(page, sim.url, opened)

    await page.getByRole('button', { name: 'Enter the code manually' }).click()
    const manualUrl = await page.getByTestId('manual-link').getAttribute('href')
    expect(decodeURIComponent(manualUrl ?? '')).toContain('urn:ietf:wg:oauth:2.0:oob')
    expect(await checkScreen(page, 'code-01-manual-entry')).toEqual([])

    // The person opens the manual link in their browser, signs in, and copies the code shown.
    const codeTab = await signInOnServer(chromium.browser, manualUrl!, {
      username: 'bob',
      password: 'battery staple'
    })
    const code = (await codeTab.locator('code').first().textContent())?.trim() ?? ''
    expect(code.length).toBeGreaterThan(8)
    await codeTab.screenshot({ path: screenshotPath('code-00-server-shows-code') })
    await codeTab.context().close()

    await page.getByLabel('Authorization code').fill(code)
    await page.getByRole('button', { name: 'Sign in with code' }).click()
    await page.getByTestId('step-verified').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('profile-handle').textContent()).toBe(`@bob@${sim.host}`)
    // Bob's profile says he is a bot.
    expect(await page.getByTestId('profile-card').textContent()).toContain('Bot')
    expect(await checkScreen(page, 'code-02-verified')).toEqual([])
    expect(app.problems).toEqual([])
  })
})
