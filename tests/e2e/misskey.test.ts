import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startSimulator, type Simulator } from '../sim'
import { checkScreen, focused, type AppPage } from './support/app-page'
import { screenshotPath, type LaunchedBrowser } from './support/browser'
import {
  addAnotherAccount,
  continueToBrowser,
  goToAccounts,
  lookUp,
  signInWithPassword,
  startAddingAccount,
  startBrowserSignIn
} from './support/flows'
import { startAppStack, type AppStack } from './support/stack'
import { captureOpenExternal, signInOnServer } from './support/system-browser'

/**
 * A Misskey account next to a Mastodon one: the instance summary names Misskey and its version,
 * the method step offers browser sign-in only (MiAuth, with the permissions listed), the test plays
 * the system browser approving on the simulator's MiAuth page, and the account is then shown,
 * switched to, checked, signed in again and removed — the removal saying plainly that the token
 * must be revoked on the server, with a link to its "Connected apps" page.
 */

let mastodon: Simulator
let misskey: Simulator
let chromium: LaunchedBrowser
let app: AppPage
let stack: AppStack
const opened = captureOpenExternal()
// Mastodon's password grant takes the e-mail address; Misskey's page takes the username.
const bob = { username: 'bob@example.test', password: 'battery staple' }
const alice = { username: 'alice', password: 'correct horse' }

beforeAll(async () => {
  stack = await startAppStack({
    name: 'misskey',
    personality: 'mastodon-4.3',
    openExternal: opened.openExternal
  })
  ;({ sim: mastodon, chromium, app } = stack)
  misskey = await startSimulator({ personality: 'misskey' })
})

afterAll(async () => {
  await misskey?.close()
  await stack?.close()
})

const aliceHandle = () => `@alice@${misskey.host}`
const bobHandle = () => `@bob@${mastodon.host}`
const rowOf = (handle: string) => app.page.getByTestId('account-row').filter({ hasText: handle })

/** Plays the person's browser on the MiAuth page: sign in, "Accept", back to the loopback callback. */
async function approveOnMisskey(url: string, screenshot?: string) {
  expect(new URL(url).origin).toBe(misskey.url)
  expect(new URL(url).pathname).toMatch(/^\/miauth\//)
  const tab = await signInOnServer(chromium.browser, url, alice, screenshot)
  expect(new URL(tab.url()).hostname).toBe('127.0.0.1')
  expect(new URL(tab.url()).pathname).toBe('/callback')
  await tab.context().close()
}

describe('a Misskey account next to a Mastodon one', () => {
  test('MiAuth sign-in: the server named, permissions listed, no password, no code; the verified profile', async () => {
    const { page } = app
    await startAddingAccount(page)
    await signInWithPassword(page, mastodon.url, bob)
    await addAnotherAccount(page)

    expect(await lookUp(page, misskey.url)).toBe('found')
    expect(await page.getByTestId('instance-software').textContent()).toBe('Misskey 2025.7.0')
    // The permission request in plain words; the 25 raw names only on request.
    expect(await page.getByTestId('miauth-note').textContent()).toMatch(
      /approve Fedivault on its own page\. Fedivault asks for full read and write access\./
    )
    expect(await page.getByTestId('miauth-permissions').isVisible()).toBe(false)
    expect(await checkScreen(page, 'misskey-01-summary')).toEqual([])
    await page.getByText(/^Show all \d+ permissions$/).click()
    const listed = (await page.getByTestId('miauth-permissions').textContent()) ?? ''
    for (const word of ['Read', 'account', 'Write', 'notes', 'following']) {
      expect(listed).toContain(word)
    }
    expect(await checkScreen(page, 'misskey-02-permissions')).toEqual([])
    // Browser sign-in only: no password link at all.
    expect(await page.getByRole('button', { name: 'Use a password instead' }).count()).toBe(0)

    const url = await continueToBrowser(page, opened)
    // The permissions shown are the ones the MiAuth URL asks for.
    const asked = new URL(url).searchParams.get('permission')?.split(',') ?? []
    expect(asked).toContain('write:notes')
    for (const p of asked) expect(listed).toContain(p.split(':')[1])
    // No code to paste: Fedivault notices the approval by itself, and says so.
    expect(await page.getByTestId('notices-by-itself').textContent()).toMatch(
      /notices the approval by itself.*keep this open/
    )
    expect(await page.getByRole('button', { name: 'Enter the code manually' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Cancel' }).count()).toBe(1)
    expect(await checkScreen(page, 'misskey-03-waiting')).toEqual([])

    await approveOnMisskey(url, 'misskey-00-miauth-page')
    await page.getByTestId('step-verified').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('profile-handle').textContent()).toBe(aliceHandle())
    // Alice's display name carries a custom emoji, drawn from the server's emoji list.
    const card = page.getByTestId('profile-card')
    expect(await card.locator('img[alt=":blobcat:"]').count()).toBeGreaterThan(0)
    // The second account: not active until the person says so on the Done step.
    expect(await page.getByTestId('make-active').isChecked()).toBe(false)
    await page.getByTestId('make-active').check()
    await page.getByTestId('now-active').waitFor()
    expect(await checkScreen(page, 'misskey-04-verified')).toEqual([])
    // The token was fetched exactly once.
    expect(misskey.misskey.checks.filter((c) => c.answer === 'token')).toHaveLength(1)
    expect(app.problems).toEqual([])
  })

  test('cancel while waiting for the MiAuth approval goes back to the server', async () => {
    const { page } = app
    await startBrowserSignIn(page, misskey.url, opened)
    await page.getByRole('button', { name: 'Cancel' }).click()
    await page.getByTestId('step-instance').waitFor()
  })

  test('listed like any other account; switching both ways; re-check with /api/i', async () => {
    const { page } = app
    await goToAccounts(page)
    await expect.poll(() => page.getByTestId('account-row').count()).toBe(2)
    expect(await rowOf(aliceHandle()).getAttribute('aria-current')).toBe('true')
    expect(await rowOf(aliceHandle()).locator('img[alt=":blobcat:"]').count()).toBeGreaterThan(0)
    expect(await checkScreen(page, 'misskey-05-accounts')).toEqual([])

    await page.getByRole('radio', { name: `Active account: ${bobHandle()}` }).check()
    await expect.poll(() => rowOf(bobHandle()).getAttribute('aria-current')).toBe('true')
    await page.getByRole('radio', { name: `Active account: ${aliceHandle()}` }).check()
    await expect.poll(() => rowOf(aliceHandle()).getAttribute('aria-current')).toBe('true')
    await expect
      .poll(() => page.getByTestId('header-active').textContent())
      .toContain(aliceHandle())

    misskey.resetStats()
    await page.getByRole('button', { name: `More actions for ${aliceHandle()}` }).click()
    await page.getByTestId('account-menu').getByRole('menuitem', { name: 'Check now' }).click()
    await expect.poll(() => misskey.stats.byRoute['POST /api/i'] ?? 0).toBeGreaterThanOrEqual(1)
    await expect
      .poll(() => rowOf(aliceHandle()).getByTestId('account-status').textContent())
      .toBe('Signed in')

    // Revoked on the server: the check says so, and signing in again (MiAuth again) fixes it.
    misskey.revokeAllTokens('alice')
    await page.getByRole('button', { name: `More actions for ${aliceHandle()}` }).click()
    await page.getByTestId('account-menu').getByRole('menuitem', { name: 'Check now' }).click()
    await expect
      .poll(() => rowOf(aliceHandle()).getByTestId('account-status').textContent())
      .toBe('Needs sign-in')
    expect(await rowOf(bobHandle()).getByTestId('account-status').textContent()).toBe('Signed in')
    await rowOf(aliceHandle())
      .getByRole('button', { name: `Sign in again as ${aliceHandle()}` })
      .click()
    await page.getByTestId('instance-summary').waitFor({ timeout: 30_000 })
    await approveOnMisskey(await continueToBrowser(page, opened))
    await page.getByTestId('verified-heading').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('verified-heading').textContent()).toMatch(/^Signed in again/)
    await goToAccounts(page)
    await expect
      .poll(() => rowOf(aliceHandle()).getByTestId('account-status').textContent())
      .toBe('Signed in')
    await expect.poll(() => page.getByTestId('account-row').count()).toBe(2)
    // The old token was dead: nothing to revoke, nothing to say.
    const kept = page.locator('[data-testid="notice"][data-code="superseded_token_kept"]')
    expect(await kept.count()).toBe(0)

    // Signed in again while the old token still works: Misskey keeps it, and the app says where
    // to revoke it; the notice stays until dismissed.
    await startBrowserSignIn(page, misskey.url, opened).then((url) => approveOnMisskey(url))
    await page.getByTestId('verified-heading').waitFor({ timeout: 30_000 })
    await kept.waitFor()
    expect(await kept.textContent()).toContain(
      `Settings → Connected apps there (${misskey.url}/settings/apps)`
    )
    expect(await checkScreen(page, 'misskey-05b-old-sign-in-kept')).toEqual([])
    await kept.getByRole('button', { name: 'Dismiss notice' }).click()
    await expect.poll(() => kept.count()).toBe(0)
    await goToAccounts(page)
    await expect.poll(() => page.getByTestId('account-row').count()).toBe(2)
  })

  test('removal forgets the account here and says to revoke the token on the server, with the link', async () => {
    const { page } = app
    misskey.resetStats()
    await page.getByRole('button', { name: `More actions for ${aliceHandle()}` }).click()
    await page.getByTestId('account-menu').getByRole('menuitem', { name: 'Remove…' }).click()
    const dialog = page.getByTestId('remove-dialog')
    await dialog.waitFor()
    // Before anything happens: no promise of a revocation.
    const confirm = (await dialog.textContent()) ?? ''
    expect(confirm).toMatch(/cannot revoke its token/)
    expect(confirm).toMatch(/keeps working until you revoke/)
    expect(confirm).not.toMatch(/will revoke/i)
    expect(await dialog.getByRole('button', { name: 'Revoke and remove' }).count()).toBe(0)
    expect((await focused(page)).text).toBe('Cancel')
    expect(await checkScreen(page, 'misskey-06-remove-confirm')).toEqual([])

    await dialog.getByRole('button', { name: 'Remove from Fedivault' }).click()
    await expect.poll(() => page.getByTestId('account-row').count(), { timeout: 30_000 }).toBe(1)
    expect(await rowOf(bobHandle()).count()).toBe(1)
    // Fedivault did not pretend: no revoke call went to the server, and the token still works.
    expect(misskey.stats.byRoute['POST /api/i/revoke-token'] ?? 0).toBe(0)

    const notice = page.getByTestId('revoke-on-server')
    await notice.waitFor()
    const said = (await notice.textContent()) ?? ''
    expect(said).toContain(`${aliceHandle()} was removed from Fedivault`)
    expect(said).toMatch(/token still works/)
    expect(said).not.toMatch(/was revoked|has been revoked/i)
    const link = notice.getByRole('link', { name: `Open Connected apps on ${misskey.host}` })
    expect(await link.getAttribute('href')).toBe(`${misskey.url}/settings/apps`)
    expect(await link.getAttribute('target')).toBe('_blank')
    expect(await checkScreen(page, 'misskey-07-revoke-there')).toEqual([])

    // The link leaves the app for the browser (in Electron: main's window-open guard hands it to
    // the system browser). Here the new window's request is caught and answered by the test.
    const requested: string[] = []
    await app.context.route('**/settings/apps', async (route) => {
      requested.push(route.request().url())
      await route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Apps</title>' })
    })
    const [popup] = await Promise.all([app.context.waitForEvent('page'), link.click()])
    await popup.waitForLoadState('domcontentloaded')
    expect(requested).toEqual([`${misskey.url}/settings/apps`])
    await popup.screenshot({ path: screenshotPath('misskey-08-connected-apps-opened') })
    await popup.close()
    expect(page.url()).not.toContain('/settings/apps')

    await notice.getByRole('button', { name: /^Done/ }).click()
    await expect.poll(() => notice.count()).toBe(0)
    expect(app.problems).toEqual([])
  })
})
