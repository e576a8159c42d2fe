import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startAppStack, type AppStack } from './support/stack'
import type { Simulator } from '../sim'
import { checkScreen, focused, type AppPage } from './support/app-page'
import { stepReady, tabTo } from './support/flows'

/**
 * A full password sign-in against a simulated Mastodon 4.3, done with the keyboard only: every
 * control is reached with Tab (each stop must show a focus ring) and used with Enter, Space,
 * arrows and typing.
 */

let sim: Simulator
let app: AppPage

let stack: AppStack

beforeAll(async () => {
  stack = await startAppStack({ name: 'password', personality: 'mastodon-4.3' })
  ;({ sim, app } = stack)
})

afterAll(() => stack?.close())

describe('password sign-in (Mastodon 4.3), keyboard only', () => {
  test('from the empty state to the verified, active account', async () => {
    const { page } = app
    const kb = page.keyboard

    // Empty state → onboarding.
    await page.getByTestId('empty-accounts').waitFor()
    expect(await checkScreen(page, 'password-00-empty')).toEqual([])
    await tabTo(page, (el) => el.text === 'Add your first account')
    await kb.press('Enter')
    await page.getByTestId('step-instance').waitFor()
    expect((await focused(page)).tag).toBe('h1') // the new screen's title
    expect(await checkScreen(page, 'password-01-instance')).toEqual([])

    // Instance: type the address, Enter looks it up and shows what was found.
    await tabTo(page, (el) => el.name === 'instance')
    await kb.type(sim.url)
    await kb.press('Enter')
    await page.getByTestId('instance-summary').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('instance-software').textContent()).toMatch(/^Mastodon 4\.3/)
    expect(await page.getByTestId('method-password-availability').textContent()).toContain(
      'Available'
    )
    expect(await checkScreen(page, 'password-02-discovered')).toEqual([])
    await kb.press('Enter') // Enter again goes on
    await stepReady(page, 'method')

    // Method: browser is recommended and preselected; arrows move to password.
    const browserRadio = page.getByRole('radio', { name: /Sign in with your browser/ })
    const passwordRadio = page.getByRole('radio', { name: /Sign in with a password/ })
    expect(await browserRadio.isChecked()).toBe(true)
    expect(await checkScreen(page, 'password-03-method')).toEqual([])
    await tabTo(page, (el) => el.tag === 'input' && el.name === 'method')
    await kb.press('ArrowDown')
    expect(await passwordRadio.isChecked()).toBe(true)
    await kb.press('Enter')
    await stepReady(page, 'password')

    // Password: username, password with show/hide, two-factor hint.
    expect(await page.getByTestId('step-password').textContent()).toMatch(/two-factor/)
    // Mastodon's password grant takes the e-mail address; the form says so.
    expect(await page.getByTestId('step-password').textContent()).toMatch(/e-mail address/)
    await tabTo(page, (el) => el.name === 'username')
    await kb.type('alice@example.test')
    await kb.press('Tab')
    await kb.type('correct horse')
    const passwordField = page.getByLabel('Password', { exact: true })
    expect(await passwordField.getAttribute('type')).toBe('password')
    await tabTo(page, (el) => el.text === 'Show password')
    await kb.press('Space')
    expect(await passwordField.getAttribute('type')).toBe('text')
    await kb.press('Space')
    expect(await passwordField.getAttribute('type')).toBe('password')
    expect(await checkScreen(page, 'password-04-form')).toEqual([])
    await passwordField.focus()
    await kb.press('Enter')

    // Verified profile: emojis as images, sanitised bio, counts, server software; now active.
    await page.getByTestId('step-verified').waitFor({ timeout: 30_000 })
    const card = page.getByTestId('profile-card')
    expect(await page.getByTestId('profile-handle').textContent()).toBe(`@alice@${sim.host}`)
    expect(await card.getByRole('img', { name: ':blobcat:' }).count()).toBeGreaterThan(0)
    expect(await card.locator('.bio').textContent()).toContain('Hi, I am Alice.')
    expect(await card.locator('script').count()).toBe(0)
    expect(await card.locator('.bio a').getAttribute('rel')).toContain('noopener')
    expect(await card.textContent()).toMatch(/Mastodon/)
    await page.getByTestId('now-active').waitFor()
    expect(await checkScreen(page, 'password-05-verified')).toEqual([])

    // The password is gone from every field and from the page.
    const values = await page
      .locator('input')
      .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))
    expect(values).not.toContain('correct horse')
    expect(await page.content()).not.toContain('correct horse')

    // Accounts: the new account, marked active.
    await tabTo(page, (el) => el.text === 'Go to accounts')
    await kb.press('Enter')
    const row = page.getByTestId('account-row')
    await expect.poll(() => row.count()).toBe(1)
    expect(await row.getAttribute('aria-current')).toBe('true')
    expect(await row.getByTestId('account-status').textContent()).toBe('Signed in')
    expect(await checkScreen(page, 'password-06-accounts')).toEqual([])
    expect(app.problems).toEqual([])
  })
})
