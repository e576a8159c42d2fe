import { existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { inject } from 'vitest'
import { chooseBrowser } from '../../support/test-browser/browser-choice'
import {
  findBundledPackage,
  unpackBundledChromium
} from '../../support/test-browser/bundled-chromium'

export const RESULTS_DIR = resolve(import.meta.dirname, '../../../test-results')
const ROOT = resolve(import.meta.dirname, '../../..')

// Flags that keep Chromium off the network entirely: this machine (and CI) has none to offer.
// The npm-shipped Chromium gets the same ones, not its package's Lambda `args`: those switch off
// the same-origin policy and site isolation (--disable-web-security, …), and the tests must see
// the browser behave as a person's does. It starts without them (checked on Debian 12).
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

/** The browser every test of a run drives (chosen once, in tests/e2e/global-setup.ts). */
export interface TestBrowser {
  executablePath: string
  /** Added to the browser's environment. */
  env: Record<string, string>
  /** Where it came from, for the one line each run prints. */
  origin: string
}

declare module 'vitest' {
  export interface ProvidedContext {
    testBrowser: TestBrowser
  }
}

/** Picks the browser (see browser-choice.ts) and unpacks the npm one if that is the pick. */
export function resolveTestBrowser({
  env = process.env,
  exists = existsSync
}: {
  env?: Record<string, string | undefined>
  exists?: (path: string) => boolean
} = {}): TestBrowser {
  const bundled = findBundledPackage(ROOT)
  const choice = chooseBrowser({
    env,
    platform: process.platform,
    exists,
    bundledInstalled: bundled !== null && process.platform === 'linux' && process.arch === 'x64'
  })
  if (choice.kind === 'path') return { executablePath: choice.path, env: {}, origin: choice.origin }
  const unpacked = unpackBundledChromium(ROOT, bundled!)
  return {
    executablePath: unpacked.executablePath,
    env: unpacked.env,
    origin: `the npm package @sparticuz/chromium ${bundled!.version} (${choice.origin})`
  }
}

export interface LaunchedBrowser {
  browser: Browser
  close(): Promise<void>
}

export async function launchChromium(
  testBrowser: TestBrowser = inject('testBrowser')
): Promise<LaunchedBrowser> {
  // Playwright gives every launch a fresh, empty profile of its own.
  const browser = await chromium.launch({
    executablePath: testBrowser.executablePath,
    headless: true,
    args: FLAGS,
    env: { ...process.env, ...withSearchPath(testBrowser.env) }
  })
  return { browser, close: () => browser.close() }
}

/** The browser's own library folder goes first; the rest of an existing search path is kept. */
function withSearchPath(env: Record<string, string>): Record<string, string> {
  const own = env.LD_LIBRARY_PATH
  const existing = process.env.LD_LIBRARY_PATH
  return own && existing ? { ...env, LD_LIBRARY_PATH: `${own}:${existing}` } : env
}

export function screenshotPath(name: string): string {
  mkdirSync(RESULTS_DIR, { recursive: true })
  return join(RESULTS_DIR, `${name}.png`)
}
