import type { Page } from 'playwright-core'
import { focusIsVisible } from './app-page'
import type { Captured } from './system-browser'

/** The steps flows share, done the way a person does them: through the visible UI. */

/**
 * Starts a fresh onboarding from the Accounts screen (its button always starts over).
 */
export async function startAddingAccount(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'Accounts' })
    .click()
  // With no account yet, the first screen holds the server field itself; "Look up" on an empty
  // field goes on to the add-account screen.
  const main = page.getByRole('main')
  await main.getByTestId('empty-accounts').or(main.getByTestId('account-list')).first().waitFor()
  if ((await main.getByTestId('empty-accounts').count()) > 0) {
    await main.getByRole('button', { name: 'Look up' }).click()
  } else {
    await main.getByRole('button', { name: 'Add account' }).click()
  }
  await page.getByTestId('step-instance').waitFor()
}

/** The Accounts screen, through the main navigation. */
export async function goToAccounts(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'Accounts' })
    .click()
  await page.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor()
}

/** From the verified profile at the end of a sign-in, back to the instance step for the next. */
export async function addAnotherAccount(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Add another account' }).click()
  await page.getByTestId('step-instance').waitFor()
}

/** Types the address, presses Enter and waits until discovery has answered (either way). */
export async function lookUp(page: Page, input: string): Promise<'found' | 'error'> {
  await page.getByLabel('Server address or handle').fill(input)
  await page.getByLabel('Server address or handle').press('Enter')
  const found = page.getByTestId('instance-summary')
  const error = page.getByTestId('error')
  await found.or(error).first().waitFor({ timeout: 30_000 })
  return (await found.count()) > 0 ? 'found' : 'error'
}

/**
 * Waits for an onboarding step and for its title to take the focus, as it does when a step
 * appears; keys pressed before that would go to the step that just left.
 */
export async function stepReady(page: Page, step: string): Promise<void> {
  await page.getByTestId(`step-${step}`).waitFor()
  await page.waitForFunction(
    (id) => document.activeElement?.closest(`[data-testid="step-${id}"]`)?.tagName !== undefined,
    step
  )
}

/**
 * From the instance summary on: the one main button, "Sign in with browser", then the waiting
 * step. Returns the URL the app handed to the system browser.
 */
export async function continueToBrowser(page: Page, opened: Captured): Promise<string> {
  await page.getByRole('button', { name: 'Sign in with browser' }).click()
  await page.getByTestId('step-browser-wait').waitFor()
  return opened.next()
}

/** The sign-in form's first field: "E-mail" where the server wants one (Mastodon), else the username. */
export const loginField = (page: Page) => page.getByLabel(/^(E-mail|Username or e-mail)$/)

/**
 * A fresh browser sign-in on `input`, up to the app waiting for the browser; returns the URL the
 * app opened there.
 */
export async function startBrowserSignIn(
  page: Page,
  input: string,
  opened: Captured
): Promise<string> {
  await startAddingAccount(page)
  if ((await lookUp(page, input)) !== 'found') throw new Error(`discovery failed for ${input}`)
  return continueToBrowser(page, opened)
}

/** A full password sign-in from the instance step; ends on the verified profile. */
export async function signInWithPassword(
  page: Page,
  input: string,
  login: { username: string; password: string }
): Promise<void> {
  if ((await lookUp(page, input)) !== 'found') throw new Error(`discovery failed for ${input}`)
  await page.getByRole('button', { name: 'Use a password instead' }).click()
  await page.getByTestId('step-password').waitFor()
  await loginField(page).fill(login.username)
  await page.getByLabel('Password', { exact: true }).fill(login.password)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await page.getByTestId('step-verified').waitFor({ timeout: 30_000 })
}

/**
 * Presses Tab until the focused element matches, checking on the way that every stop shows a
 * focus ring. Fails when the element cannot be reached from the keyboard.
 */
export async function tabTo(
  page: Page,
  matches: (el: { text: string; label: string; name: string; tag: string }) => boolean,
  maxPresses = 40
): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press('Tab')
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement | null
      return {
        tag: a?.tagName.toLowerCase() ?? '',
        text: (a?.textContent ?? '').replace(/\s+/g, ' ').trim(),
        label: a?.getAttribute('aria-label') ?? a?.closest('label')?.innerText.trim() ?? '',
        name: a?.getAttribute('name') ?? ''
      }
    })
    if (!(await focusIsVisible(page))) throw new Error(`no visible focus on ${JSON.stringify(el)}`)
    if (matches(el)) return
  }
  throw new Error('not reachable with Tab')
}
