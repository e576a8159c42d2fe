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

describe('accounts (Mastodon 4.3)', () => {
  test('a second account on the same server, then switching between them', async () => {
    const { page } = app
    await startAddingAccount(page)
    await signInWithPassword(page, sim.url, alice)
    await addAnotherAccount(page)
    await signInWithPassword(page, sim.url, bob)
    await goToAccounts(page)

    // Both are listed with full handles; the one signed in last is active.
    await expect.poll(() => page.getByTestId('account-row').count()).toBe(2)
    expect(await rowOf('bob').getAttribute('aria-current')).toBe('true')
    expect(await rowOf('alice').getAttribute('aria-current')).toBeNull()
    expect(await checkScreen(page, 'accounts-01-two-accounts')).toEqual([])

    await rowOf('alice')
      .getByRole('button', { name: `Switch to @alice@${sim.host}` })
      .click()
    await expect.poll(() => rowOf('alice').getAttribute('aria-current')).toBe('true')
    expect(await rowOf('bob').getAttribute('aria-current')).toBeNull()
    expect(await page.getByTestId('header-active').textContent()).toContain(`@alice@${sim.host}`)
    expect(await checkScreen(page, 'accounts-02-switched')).toEqual([])
  })

  test('a token revoked on the server shows "needs sign-in", and signing in again fixes it', async () => {
    const { page } = app
    sim.revokeAllTokens('alice')
    await rowOf('alice')
      .getByRole('button', { name: `Check @alice@${sim.host}` })
      .click()
    await expect
      .poll(() => rowOf('alice').getByTestId('account-status').textContent())
      .toBe('Needs sign-in')
    expect(await rowOf('bob').getByTestId('account-status').textContent()).toBe('Signed in')
    expect(await checkScreen(page, 'accounts-03-needs-sign-in')).toEqual([])

    await rowOf('alice')
      .getByRole('button', { name: `Sign in again as @alice@${sim.host}` })
      .click()
    await page.getByTestId('instance-summary').waitFor({ timeout: 30_000 })
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in again')
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByRole('radio', { name: /Sign in with a password/ }).check()
    await page.getByRole('button', { name: 'Continue' }).click()
    // The username is remembered from the account.
    expect(await page.getByLabel('Username or e-mail').inputValue()).toBe('alice')
    await page.getByLabel('Username or e-mail').fill(alice.username)
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
    await rowOf('bob')
      .getByRole('button', { name: `Remove @bob@${sim.host}` })
      .click()
    const dialog = page.getByTestId('remove-dialog')
    await dialog.waitFor()
    expect(await dialog.textContent()).toMatch(/revoke its token on/)
    expect((await focused(page)).text).toBe('Cancel')
    expect(await checkScreen(page, 'accounts-05-remove-confirm')).toEqual([])

    // Escape cancels without removing anything.
    await page.keyboard.press('Escape')
    await expect.poll(() => dialog.count()).toBe(0)
    expect(await page.getByTestId('account-row').count()).toBe(2)

    await rowOf('bob')
      .getByRole('button', { name: `Remove @bob@${sim.host}` })
      .click()
    await dialog.getByRole('button', { name: 'Revoke and remove' }).click()
    await expect.poll(() => page.getByTestId('account-row').count(), { timeout: 30_000 }).toBe(1)
    expect(sim.stats.byRoute['POST /oauth/revoke'] ?? 0).toBeGreaterThanOrEqual(1)
    expect(await rowOf('alice').getAttribute('aria-current')).toBe('true')
    expect(await checkScreen(page, 'accounts-06-after-removal')).toEqual([])
    expect(app.problems).toEqual([])
  })
})
