import { describe, expect, test } from 'vitest'
import {
  chooseBrowser,
  systemBrowserLocations,
  type ChoiceInput
} from '../../support/test-browser/browser-choice'

// The order the browser tests pick their Chromium in, on every OS, without needing any of them.
const base = (over: Partial<ChoiceInput> = {}): ChoiceInput => ({
  env: {},
  platform: 'linux',
  exists: () => false,
  bundledInstalled: true,
  ...over
})
const only =
  (...paths: string[]) =>
  (p: string) =>
    paths.includes(p)

describe('which Chromium the browser tests drive', () => {
  test('CHROMIUM_PATH comes first, before a system browser', () => {
    const choice = chooseBrowser(
      base({
        env: { CHROMIUM_PATH: '/opt/c/chrome' },
        exists: only('/opt/c/chrome', '/usr/bin/chromium')
      })
    )
    expect(choice).toEqual({ kind: 'path', path: '/opt/c/chrome', origin: 'CHROMIUM_PATH' })
  })

  test('a CHROMIUM_PATH that does not exist is an error, not a silent fallback', () => {
    expect(() =>
      chooseBrowser(base({ env: { CHROMIUM_PATH: '/nope' }, exists: only('/usr/bin/chromium') }))
    ).toThrow('CHROMIUM_PATH points to /nope, which does not exist.')
  })

  test("then Debian's Chromium, then Chrome", () => {
    expect(
      chooseBrowser(base({ exists: only('/usr/bin/chromium', '/usr/bin/google-chrome') }))
    ).toEqual({
      kind: 'path',
      path: '/usr/bin/chromium',
      origin: 'system install'
    })
    expect(chooseBrowser(base({ exists: only('/usr/bin/google-chrome') }))).toMatchObject({
      path: '/usr/bin/google-chrome'
    })
  })

  test('macOS and Windows default locations', () => {
    const mac = systemBrowserLocations('darwin', { HOME: '/Users/a' })
    expect(mac).toContain('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome')
    expect(mac).toContain('/Users/a/Applications/Chromium.app/Contents/MacOS/Chromium')
    const chrome = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'
    expect(chooseBrowser(base({ platform: 'darwin', exists: only(chrome) }))).toMatchObject({
      path: chrome
    })

    const env = {
      PROGRAMFILES: 'C:\\Program Files',
      'PROGRAMFILES(X86)': 'C:\\Program Files (x86)',
      LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local'
    }
    const win = 'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe'
    expect(systemBrowserLocations('win32', env)).toContain(
      'C:\\Users\\a\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe'
    )
    expect(chooseBrowser(base({ platform: 'win32', env, exists: only(win) }))).toMatchObject({
      path: win
    })
  })

  test('the npm-shipped Chromium only when no system browser is found', () => {
    expect(chooseBrowser(base())).toEqual({ kind: 'bundled', origin: 'no system browser found' })
  })

  test('FEDIVAULT_TEST_BROWSER=bundled takes only the npm one, whatever else is installed', () => {
    const input = base({
      env: { FEDIVAULT_TEST_BROWSER: 'bundled', CHROMIUM_PATH: '/usr/bin/chromium' },
      exists: only('/usr/bin/chromium')
    })
    expect(chooseBrowser(input)).toEqual({
      kind: 'bundled',
      origin: 'FEDIVAULT_TEST_BROWSER=bundled'
    })
    expect(() => chooseBrowser({ ...input, bundledInstalled: false })).toThrow(
      /npm installs it on Linux x64 \(glibc\) only/
    )
  })

  test('FEDIVAULT_TEST_BROWSER=system never takes the npm one', () => {
    expect(() => chooseBrowser(base({ env: { FEDIVAULT_TEST_BROWSER: 'system' } }))).toThrow(
      /no Chromium or Chrome is installed \(looked at \/usr\/bin\/chromium, /
    )
  })

  test('nothing found: the error names what was looked for and what to do', () => {
    expect(() => chooseBrowser(base({ bundledInstalled: false }))).toThrow(
      /No system browser at \/usr\/bin\/chromium, .*Install Chromium or Chrome, or set CHROMIUM_PATH/
    )
  })

  test('an unknown FEDIVAULT_TEST_BROWSER is refused', () => {
    expect(() => chooseBrowser(base({ env: { FEDIVAULT_TEST_BROWSER: 'firefox' } }))).toThrow(
      'FEDIVAULT_TEST_BROWSER must be auto, system or bundled (got "firefox")'
    )
  })
})
