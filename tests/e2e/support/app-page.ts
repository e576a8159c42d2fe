import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { screenshotPath } from './browser'

/**
 * Driving the app in Chromium: open it, photograph each screen in light and dark, and run axe-core
 * on it. Every screen a flow visits goes through `checkScreen`, so the screenshots and the
 * accessibility audit cover the same screens.
 */

const require = createRequire(import.meta.url)
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

export type Scheme = 'light' | 'dark'

export interface AppPage {
  page: Page
  context: BrowserContext
  /** Uncaught page errors and CSP violations: a flow must end with none. */
  problems: string[]
  close(): Promise<void>
}

export async function openApp(browser: Browser, url: string): Promise<AppPage> {
  // The app copies links with navigator.clipboard; a real desktop grants that.
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } })
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(url).origin
  })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) problems.push(`csp: ${m.text()}`)
  })
  await page.goto(url)
  await page
    .getByTestId('version')
    .filter({ hasText: /^Version / })
    .waitFor()
  return { page, context, problems, close: () => context.close() }
}

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: string[]
}

/** axe-core on the current page; only serious and critical findings are returned. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, which the page's CSP (script-src 'self') does not
  // govern; an injected <script> would be refused by it, and bypassing CSP would hide our own
  // violations.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE)
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<AxeRunResult> } }).axe
    const r = await axe.run()
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' '))
    }))
  })
  return results.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

interface AxeRunResult {
  violations: {
    id: string
    impact: string | null
    help: string
    nodes: { target: string[] }[]
  }[]
}

/** Everything that was checked, per screen and theme, for the report at the end of a file. */
export const audit: { screen: string; scheme: Scheme; violations: AxeViolation[] }[] = []

/**
 * Screenshots the screen in light and dark and audits it in both. Returns the violations so the
 * caller's `expect` names the screen that failed.
 */
export async function checkScreen(page: Page, name: string): Promise<AxeViolation[]> {
  const found: AxeViolation[] = []
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' })
    await page.screenshot({ path: screenshotPath(`${name}-${scheme}`), fullPage: true })
    const violations = await seriousViolations(page)
    audit.push({ screen: name, scheme, violations })
    found.push(...violations.map((v) => ({ ...v, help: `[${scheme}] ${v.help}` })))
  }
  await page.emulateMedia({ colorScheme: 'light' })
  return found
}

/** The element that has keyboard focus, described for assertions. */
export function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      text: (el?.textContent ?? '').trim(),
      label: el?.getAttribute('aria-label') ?? '',
      name: el?.getAttribute('name') ?? ''
    }
  })
}

/** Whether the focused element draws a visible focus indicator (outline or box-shadow). */
export function focusIsVisible(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement
    if (!el || el === document.body) return false
    const style = getComputedStyle(el)
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2
    return outline || (style.boxShadow !== 'none' && style.boxShadow !== '')
  })
}
