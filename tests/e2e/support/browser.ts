import { existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { chromium, type Browser } from 'playwright-core'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const RESULTS_DIR = resolve(import.meta.dirname, '../../../test-results')

// Flags that keep Chromium off the network entirely: this machine (and CI) has none to offer.
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run'
]

export interface LaunchedBrowser {
  browser: Browser
  close(): Promise<void>
}

export async function launchChromium(): Promise<LaunchedBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Install Debian's chromium package or set CHROMIUM_PATH.`
    )
  }
  // Playwright gives every launch a fresh, empty profile of its own.
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS
  })
  return { browser, close: () => browser.close() }
}

export function screenshotPath(name: string): string {
  mkdirSync(RESULTS_DIR, { recursive: true })
  return join(RESULTS_DIR, `${name}.png`)
}
