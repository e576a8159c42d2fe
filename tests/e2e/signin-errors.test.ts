import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startHarness, type Harness } from '../../src/harness/harness'
import { startSimulator, type Simulator } from '../sim'
import { checkScreen, openApp, type AppPage } from './support/app-page'
import { launchChromium, type LaunchedBrowser } from './support/browser'
import { lookUp, startAddingAccount } from './support/flows'

/**
 * The error screens of onboarding: each names the problem, carries main's message (which says
 * what to do next) and offers the next action.
 */

let dataDir: string
let harness: Harness
let chromium: LaunchedBrowser
let app: AppPage
const sims: Simulator[] = []

async function sim(personality: Parameters<typeof startSimulator>[0]['personality']) {
  const s = await startSimulator({ personality })
  sims.push(s)
  return s
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'fedivault-e2e-errors-'))
  harness = await startHarness({ dataDir, quiet: true, openExternal: () => undefined })
  chromium = await launchChromium()
  app = await openApp(chromium.browser, harness.url)
})

afterAll(async () => {
  await app?.close()
  await chromium?.close()
  for (const s of sims) await s.close()
  await harness?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const errorPanel = () => app.page.getByTestId('error')

describe('onboarding errors', () => {
  test('an unreachable server: a specific error, and Try again works once it is back', async () => {
    const { page } = app
    const server = await sim('mastodon-4.3')
    await server.setOffline(true)
    await startAddingAccount(page)
    expect(await lookUp(page, server.url)).toBe('error')
    expect(await errorPanel().locator('.error-title').textContent()).toBe("Can't reach the server")
    expect(await errorPanel().getByTestId('error-next-step').textContent()).toMatch(/connection/)
    expect(await page.getByLabel('Server address or handle').getAttribute('aria-invalid')).toBe(
      'true'
    )
    expect(await checkScreen(page, 'errors-01-unreachable')).toEqual([])

    await server.setOffline(false)
    await errorPanel().getByRole('button', { name: 'Try again' }).click()
    await page.getByTestId('instance-summary').waitFor({ timeout: 30_000 })
    expect(await errorPanel().count()).toBe(0)
  })

  test('a website that is not a fediverse server', async () => {
    const { page } = app
    const site = await sim('html-site')
    await startAddingAccount(page)
    expect(await lookUp(page, site.url)).toBe('error')
    expect(await errorPanel().getAttribute('data-code')).toBe('not_fediverse')
    expect(await errorPanel().locator('.error-title').textContent()).toBe(
      "This doesn't look like a fediverse server"
    )
    expect(await page.getByRole('button', { name: 'Sign in with browser' }).count()).toBe(0)
    // Plain words first; the technical message under Details.
    expect(await errorPanel().getByTestId('error-message').textContent()).not.toMatch(
      /NodeInfo|client API/
    )
    expect(await errorPanel().getByTestId('error-details').textContent()).toMatch(/\S/)
    expect(await checkScreen(page, 'errors-02-not-fediverse')).toEqual([])
  })

  // The server as it names itself (one table, src/shared/server-names.ts), then the headline.
  const expected = {
    'mastodon-4.6': {
      software: 'Mastodon 4.6.4',
      headline: 'This server no longer accepts passwords — use browser sign-in.'
    },
    gotosocial: {
      software: 'GoToSocial v0.19.2',
      headline: "This server doesn't accept passwords — use browser sign-in."
    },
    takahe: {
      software: 'Takahē 0.11.0',
      headline: "This server doesn't accept passwords — use browser sign-in."
    },
    hollo: {
      software: 'Hollo 0.9.13',
      headline: "This server doesn't accept passwords — use browser sign-in."
    }
  } as const
  for (const personality of ['mastodon-4.6', 'gotosocial', 'takahe', 'hollo'] as const) {
    test(`${personality}: no password sign-in, said plainly, browser sign-in offered`, async () => {
      const { page } = app
      const server = await sim(personality)
      await startAddingAccount(page)
      expect(await lookUp(page, server.url)).toBe('found')
      expect(await page.getByTestId('instance-software').textContent()).toBe(
        expected[personality].software
      )
      expect(await page.getByTestId('password-headline').textContent()).toBe(
        expected[personality].headline
      )
      // One way in: the browser button, and no password link.
      expect(await page.getByRole('button', { name: 'Sign in with browser' }).count()).toBe(1)
      expect(await page.getByRole('button', { name: 'Use a password instead' }).count()).toBe(0)
      expect(await checkScreen(page, `errors-03-no-password-${personality}`)).toEqual([])
    })
  }

  test('no page error or CSP violation on any error screen', () => {
    expect(app.problems).toEqual([])
  })
})
