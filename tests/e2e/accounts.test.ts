import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startAppStack, type AppStack } from './support/stack'
import type { Simulator } from '../sim'
import { checkScreen, focused, type AppPage } from './support/app-page'
import {
  addAnotherAccount,
  goToAccounts,
  signInWithPassword,
  startAddingAccount
} from './support/flows'

/**
 * Account management against a simulated Mastodon 4.3: two accounts on one server, switching,
 * token health (revoked on the server, server offline), signing in again, and removal that
 * revokes the token on the server.
 */

let sim: Simulator
let app: AppPage
// Mastodon's password grant takes the e-mail address.
const alice = { username: 'alice@example.test', password: 'correct horse' }
const bob = { username: 'bob@example.test', password: 'battery staple' }

let stack: AppStack

beforeAll(async () => {
  stack = await startAppStack({ name: 'accounts', personality: 'mastodon-4.3' })
  ;({ sim, app } = stack)
})

afterAll(() => stack?.close())

const rowOf = (username: string) =>
  app.page.getByTestId('account-row').filter({ hasText: `@${username}@${sim.host}` })

async function chooseFromMenu(handle: string, item: string) {
  await app.page.getByRole('button', { name: `More actions for ${handle}` }).click()
  await app.page.getByTestId('account-menu').getByRole('menuitem', { name: item }).click()
}
const checkNow = (handle: string) => chooseFromMenu(handle, 'Check now')
const removeFromMenu = (handle: string) => chooseFromMenu(handle, 'Remove…')

describe('accounts (Mastodon 4.3)', () => {
  test('a second account on the same server, then switching between them', async () => {
    const { page } = app
    await startAddingAccount(page)
    await signInWithPassword(page, sim.url, alice)
    // The first account is the active one; there is nothing else it could be.
    expect(await page.getByTestId('make-active').isChecked()).toBe(true)
    await addAnotherAccount(page)
    await signInWithPassword(page, sim.url, bob)

    // A second account does not take over: scripts and the tray go on using alice until asked.
    const makeActive = page.getByTestId('make-active')
    expect(await makeActive.isChecked()).toBe(false)
    expect(await page.getByTestId('not-active').textContent()).toContain(`@alice@${sim.host}`)
    expect(await page.getByTestId('header-active').textContent()).toContain(`@alice@${sim.host}`)
    await makeActive.check()
    await page.getByTestId('now-active').waitFor()
    await expect
      .poll(() => page.getByTestId('header-active').textContent())
      .toContain(`@bob@${sim.host}`)
    // Unticked, the one before comes back; ticked again, bob stays active.
    await makeActive.uncheck()
    await expect
      .poll(() => page.getByTestId('header-active').textContent())
      .toContain(`@alice@${sim.host}`)
    await makeActive.check()
    await page.getByTestId('now-active').waitFor()
    await goToAccounts(page)

    // Both are listed with full handles; bob, chosen on the Done step, is active.
    await expect.poll(() => page.getByTestId('account-row').count()).toBe(2)
    expect(await rowOf('bob').getAttribute('aria-current')).toBe('true')
    expect(await rowOf('alice').getAttribute('aria-current')).toBeNull()
    expect(await checkScreen(page, 'accounts-01-two-accounts')).toEqual([])

    await page.getByRole('radio', { name: `Active account: @alice@${sim.host}` }).check()
    await expect.poll(() => rowOf('alice').getAttribute('aria-current')).toBe('true')
    expect(await rowOf('bob').getAttribute('aria-current')).toBeNull()
    await expect
      .poll(() => page.getByTestId('header-active').textContent())
      .toContain(`@alice@${sim.host}`)
    expect(await checkScreen(page, 'accounts-02-switched')).toEqual([])
  })

  test('a token revoked on the server shows "needs sign-in", and signing in again fixes it', async () => {
    const { page } = app
    sim.revokeAllTokens('alice')
    await checkNow(`@alice@${sim.host}`)
    await expect
      .poll(() => rowOf('alice').getByTestId('account-status').textContent())
      .toBe('Needs sign-in')
    expect(await rowOf('bob').getByTestId('account-status').textContent()).toBe('Signed in')
    // How long ago, and the server's own words under Details; the banner and the count say so.
    expect(await rowOf('alice').getByTestId('account-status-detail').textContent()).toMatch(
      /^The server refused it just now/
    )
    expect(await rowOf('bob').getByTestId('account-status-detail').textContent()).toMatch(
      /^Checked just now/
    )
    await rowOf('alice')
      .getByRole('button', { name: /^Details/ })
      .click()
    expect(await rowOf('alice').getByTestId('status-reason').textContent()).toMatch(/\S/)
    expect(await page.getByTestId('attention-reauth').textContent()).toContain(
      `@alice@${sim.host} needs you to sign in again.`
    )
    expect(await page.getByTestId('attention-count').textContent()).toBe('⚠1')
    expect(await checkScreen(page, 'accounts-03-needs-sign-in')).toEqual([])

    await rowOf('alice')
      .getByRole('button', { name: `Sign in again as @alice@${sim.host}` })
      .click()
    await page.getByTestId('instance-summary').waitFor({ timeout: 30_000 })
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in again')
    await page.getByRole('button', { name: 'Use a password instead' }).click()
    // The username is remembered from the account; Mastodon wants the e-mail, and says so.
    expect(await page.getByLabel('E-mail').inputValue()).toBe('alice')
    await page.getByLabel('E-mail').fill(alice.username)
    await page.getByLabel('Password', { exact: true }).fill(alice.password)
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await page.getByTestId('verified-heading').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('verified-heading').textContent()).toMatch(/^Signed in again/)
    await goToAccounts(page)
    await expect
      .poll(() => rowOf('alice').getByTestId('account-status').textContent())
      .toBe('Signed in')
    await expect.poll(() => page.getByTestId('account-row').count()).toBe(2)
  })

  test('a server that cannot be reached shows the account as offline', async () => {
    const { page } = app
    await sim.setOffline(true)
    try {
      await page.getByRole('button', { name: 'Check all accounts' }).click()
      await expect
        .poll(() => rowOf('bob').getByTestId('account-status').textContent(), { timeout: 30_000 })
        .toBe('Offline')
      expect(await checkScreen(page, 'accounts-04-offline')).toEqual([])
    } finally {
      await sim.setOffline(false)
    }
    await page.getByRole('button', { name: 'Check all accounts' }).click()
    await expect
      .poll(() => rowOf('bob').getByTestId('account-status').textContent(), { timeout: 30_000 })
      .toBe('Signed in')
  })

  test('removal says it revokes the token, revokes it on the server, and forgets the account', async () => {
    const { page } = app
    sim.resetStats()
    await removeFromMenu(`@bob@${sim.host}`)
    const dialog = page.getByTestId('remove-dialog')
    await dialog.waitFor()
    expect(await dialog.textContent()).toMatch(/revoke its token on/)
    expect((await focused(page)).text).toBe('Cancel')
    expect(await checkScreen(page, 'accounts-05-remove-confirm')).toEqual([])

    // Escape cancels without removing anything.
    await page.keyboard.press('Escape')
    await expect.poll(() => dialog.count()).toBe(0)
    expect(await page.getByTestId('account-row').count()).toBe(2)

    await removeFromMenu(`@bob@${sim.host}`)
    await dialog.getByRole('button', { name: 'Revoke and remove' }).click()
    await expect.poll(() => page.getByTestId('account-row').count(), { timeout: 30_000 }).toBe(1)
    expect(sim.stats.byRoute['POST /oauth/revoke'] ?? 0).toBeGreaterThanOrEqual(1)
    expect(await rowOf('alice').getAttribute('aria-current')).toBe('true')
    expect(await checkScreen(page, 'accounts-06-after-removal')).toEqual([])
    expect(app.problems).toEqual([])
  })
})
