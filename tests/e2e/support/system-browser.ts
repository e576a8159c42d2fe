import type { Browser, Page } from 'playwright-core'
import { screenshotPath } from './browser'

/**
 * The person's own web browser, played by the test: a separate Chromium context (its own cookies,
 * like a different program) that opens the URL the app handed to `openExternal`.
 */

export interface Captured {
  urls: string[]
  /** The next URL the app opens, waiting for it if need be. */
  next(timeoutMs?: number): Promise<string>
}

export function captureOpenExternal(): Captured & { openExternal: (url: string) => void } {
  const urls: string[] = []
  const waiters: ((url: string) => void)[] = []
  let taken = 0
  return {
    urls,
    openExternal(url) {
      urls.push(url)
      waiters.shift()?.(url)
    },
    next(timeoutMs = 15_000) {
      if (taken < urls.length) return Promise.resolve(urls[taken++]!)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the app opened no URL')), timeoutMs)
        waiters.push((url) => {
          taken++
          clearTimeout(timer)
          resolve(url)
        })
      })
    }
  }
}

/** Opens the authorization page, signs in on the server's form and submits it. */
export async function signInOnServer(
  browser: Browser,
  url: string,
  login: { username: string; password: string },
  screenshot?: string
): Promise<Page> {
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto(url)
  await page.locator('#username').fill(login.username)
  await page.locator('#password').fill(login.password)
  if (screenshot) await page.screenshot({ path: screenshotPath(screenshot) })
  await Promise.all([
    page.waitForURL((u) => u.toString() !== url, { timeout: 15_000 }),
    page.getByRole('button').first().click()
  ])
  await page.waitForLoadState('domcontentloaded')
  return page
}
