import { join } from 'node:path'

/**
 * Which Chromium the browser tests drive, in this order: `CHROMIUM_PATH`; a Chromium or Chrome
 * installed where the OS puts it; then the Chromium that npm installs with the dev dependencies
 * (Linux x64 only, see tests/support/bundled-chromium). `FEDIVAULT_TEST_BROWSER` narrows the
 * choice: `system` never takes the npm one, `bundled` takes nothing else.
 * Pure: the environment, the platform and the file check are passed in, so the order is testable
 * on any machine.
 */

export type BrowserMode = 'auto' | 'system' | 'bundled'

export type BrowserChoice =
  { kind: 'path'; path: string; origin: string } | { kind: 'bundled'; origin: string }

export interface ChoiceInput {
  env: Record<string, string | undefined>
  platform: NodeJS.Platform
  exists: (path: string) => boolean
  /** Whether the npm-shipped Chromium is installed (and this platform is one it runs on). */
  bundledInstalled: boolean
}

export function browserMode(env: Record<string, string | undefined>): BrowserMode {
  const raw = env.FEDIVAULT_TEST_BROWSER?.trim() || 'auto'
  if (raw === 'auto' || raw === 'system' || raw === 'bundled') return raw
  throw new Error(
    `FEDIVAULT_TEST_BROWSER must be auto, system or bundled (got "${raw}"): ` +
      'unset it to take the first browser found.'
  )
}

/** Where Debian, macOS and Windows put Chromium and Chrome, most specific first. */
export function systemBrowserLocations(
  platform: NodeJS.Platform,
  env: Record<string, string | undefined>
): string[] {
  if (platform === 'darwin') {
    const apps = ['/Applications', ...(env.HOME ? [join(env.HOME, 'Applications')] : [])]
    return apps.flatMap((dir) => [
      `${dir}/Chromium.app/Contents/MacOS/Chromium`,
      `${dir}/Google Chrome.app/Contents/MacOS/Google Chrome`
    ])
  }
  if (platform === 'win32') {
    // Chrome installs per machine (Program Files) or per user (LocalAppData); Chromium per user.
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter(
      (r): r is string => !!r
    )
    return [
      ...(env.LOCALAPPDATA ? [`${env.LOCALAPPDATA}\\Chromium\\Application\\chrome.exe`] : []),
      ...roots.map((root) => `${root}\\Google\\Chrome\\Application\\chrome.exe`)
    ]
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/google-chrome'
  ]
}

export function chooseBrowser(input: ChoiceInput): BrowserChoice {
  const mode = browserMode(input.env)
  const tried: string[] = []
  if (mode !== 'bundled') {
    const explicit = input.env.CHROMIUM_PATH?.trim()
    if (explicit) {
      // An explicit path that is wrong is a mistake to report, not a reason to pick another.
      if (!input.exists(explicit))
        throw new Error(`CHROMIUM_PATH points to ${explicit}, which does not exist.`)
      return { kind: 'path', path: explicit, origin: 'CHROMIUM_PATH' }
    }
    for (const path of systemBrowserLocations(input.platform, input.env)) {
      if (input.exists(path)) return { kind: 'path', path, origin: 'system install' }
      tried.push(path)
    }
    if (mode === 'system') {
      throw new Error(
        `FEDIVAULT_TEST_BROWSER=system, but no Chromium or Chrome is installed (looked at ${tried.join(', ')}). ` +
          'Install one or set CHROMIUM_PATH.'
      )
    }
  }
  if (input.bundledInstalled) {
    return {
      kind: 'bundled',
      origin: mode === 'bundled' ? 'FEDIVAULT_TEST_BROWSER=bundled' : 'no system browser found'
    }
  }
  const looked = tried.length ? ` No system browser at ${tried.join(', ')}.` : ''
  throw new Error(
    `No Chromium for the browser tests.${looked} The npm-shipped Chromium (@sparticuz/chromium) ` +
      'is not installed: npm installs it on Linux x64 (glibc) only, with the dev dependencies. ' +
      'Install Chromium or Chrome, or set CHROMIUM_PATH to one.'
  )
}
