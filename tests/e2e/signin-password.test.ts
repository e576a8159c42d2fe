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

    // The empty state holds the server field itself, and the other two ways in.
    await page.getByTestId('empty-accounts').waitFor()
    expect(await page.getByTestId('empty-accounts').textContent()).toMatch(
      /Import from toot or Mastodon\.py….*Restore from a Fedivault export….*active one/
    )
    expect(await checkScreen(page, 'password-00-empty')).toEqual([])
    await tabTo(page, (el) => el.name === 'first-server')
    await kb.type(sim.url)
    await kb.press('Enter')

    // The add-account screen looks it up and shows what was found in one line.
    await page.getByTestId('step-instance').waitFor()
    await page.getByTestId('instance-summary').waitFor({ timeout: 30_000 })
    expect(await page.getByLabel('Server address or handle').inputValue()).toBe(sim.url)
    expect(await page.getByTestId('instance-software').textContent()).toMatch(/^Mastodon 4\.3/)
    expect(await page.locator('.instance-line').textContent()).toMatch(
      new RegExp(`^Mastodon 4\\.3\\S* · ${sim.host.replace(/\./g, '\\.')}$`)
    )
    expect(await checkScreen(page, 'password-02-discovered')).toEqual([])

    // One main button, browser sign-in; passwords are accepted here, so the link is offered.
    expect(await page.getByRole('button', { name: 'Sign in with browser' }).count()).toBe(1)
    await tabTo(page, (el) => el.text === 'Use a password instead')
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

    // A wrong password first: the field is marked, the reason is under it, the focus is back there.
    await passwordField.fill('wrong horse')
    await passwordField.press('Enter')
    const fieldError = page.getByTestId('password-error')
    await fieldError.waitFor({ timeout: 30_000 })
    expect(await passwordField.getAttribute('aria-invalid')).toBe('true')
    expect(await passwordField.getAttribute('aria-describedby')).toContain(
      (await fieldError.getAttribute('id'))!
    )
    await expect.poll(async () => (await focused(page)).name).toBe('password')
    expect(await passwordField.inputValue()).toBe('')
    expect(await checkScreen(page, 'password-04b-wrong-password')).toEqual([])
    await kb.type('correct horse')
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
    expect(await page.content()).not.toContain('wrong horse')

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
