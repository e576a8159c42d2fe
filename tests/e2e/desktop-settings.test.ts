import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startHarness, type Harness } from '../../src/harness/harness'
import { NotificationPreference } from '../../src/main/attention/notification-preference'
import {
  KeyringService,
  PASSWORD_STORE_FILE,
  passwordStoreFile,
  planPasswordStore
} from '../../src/main/keyring/password-store'
import { parseDesktopEntry } from '../../src/main/login-item/desktop-entry'
import { xdgAutostartLoginItem } from '../../src/main/login-item/xdg-autostart'
import { startSimulator, type Simulator } from '../sim'
import { checkScreen, openApp, type AppPage } from './support/app-page'
import { launchChromium, type LaunchedBrowser } from './support/browser'

/**
 * Settings → Running in the background, against the real services: the XDG autostart entry in a
 * temporary folder, the notifications file, and the keyring choice as Linux's shell has it after
 * a restart with KWallet 6 that still found only basic_text (Electron's answer is the one input
 * that is given, since there is no Electron here). And the window a notification opens: the
 * account's "Sign in again", focused.
 */

let dir: string
let dataDir: string
let autostart: string
let harness: Harness
let sim: Simulator
let chromium: LaunchedBrowser
let app: AppPage
let restarts = 0

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fedivault-e2e-desktop-'))
  dataDir = join(dir, 'data')
  autostart = join(dir, 'config', 'autostart', 'fedivault.desktop')
  sim = await startSimulator({ personality: 'mastodon-4.3' })
  // The last start tried KWallet 6 and Electron still reported basic_text.
  const file = passwordStoreFile(dataDir)
  file.write({ backend: 'kwallet6' })
  const keyring = new KeyringService({
    platform: 'linux',
    plan: planPasswordStore({ platform: 'linux', argv: ['fedivault'], file }),
    file,
    env: { XDG_CURRENT_DESKTOP: 'Hyprland', DESKTOP_SESSION: 'hyprland' },
    backend: () => 'basic_text',
    canRestart: true
  })
  const failure = keyring.settle()
  harness = await startHarness({
    dataDir,
    quiet: true,
    reverifyIntervalMs: 0,
    openExternal: () => undefined,
    desktop: {
      loginItem: xdgAutostartLoginItem({
        file: autostart,
        argv: () => ['/opt/Fedivault/fedivault', '--hidden']
      }),
      notifications: new NotificationPreference(dataDir),
      notificationsSupported: true,
      keyring,
      restart: () => void restarts++,
      notices: failure ? [{ level: 'warning', code: 'keyring_not_found', message: failure }] : []
    }
  })
  chromium = await launchChromium()
  app = await openApp(chromium.browser, harness.url)
})

afterAll(async () => {
  await app?.close()
  await chromium?.close()
  await harness?.close()
  await sim?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('desktop settings (real services)', () => {
  test('start at login writes the autostart entry, and turning it off removes it', async () => {
    const { page } = app
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Settings' })
      .click()
    const section = page.getByTestId('desktop-section')
    await section.waitFor()
    const toggle = section.getByRole('checkbox', { name: 'Start Fedivault when you log in' })
    expect(await toggle.isChecked()).toBe(false)
    expect(await section.getByTestId('startup-detail').textContent()).toContain(autostart)

    await toggle.check()
    await expect.poll(() => existsSync(autostart)).toBe(true)
    expect(parseDesktopEntry(readFileSync(autostart, 'utf8')).Exec).toBe(
      '/opt/Fedivault/fedivault --hidden'
    )
    await expect.poll(() => toggle.isChecked()).toBe(true)
    expect(await checkScreen(page, 'desktop-01-start-at-login')).toEqual([])

    await toggle.uncheck()
    await expect.poll(() => existsSync(autostart)).toBe(false)
    expect(await toggle.isChecked()).toBe(false)
  })

  test('notifications are on by default; off is kept beside the vault', async () => {
    const toggle = app.page.getByRole('checkbox', {
      name: 'Notify me when an account needs to sign in again'
    })
    expect(await toggle.isChecked()).toBe(true)
    await toggle.uncheck()
    await expect
      .poll(
        () =>
          existsSync(join(dataDir, 'notifications.json')) &&
          new NotificationPreference(dataDir).enabled
      )
      .toBe(false)
    await toggle.check()
    await expect.poll(() => new NotificationPreference(dataDir).enabled).toBe(true)
  })

  test('no keyring: what was tried, the desktop seen, the backends to choose from, a restart', async () => {
    const { page } = app
    await page
      .getByRole('navigation', { name: 'Settings sections' })
      .getByRole('button', { name: 'Security' })
      .click()
    const choice = page.getByTestId('keyring-choice')
    await choice.waitFor()
    expect(await choice.getByTestId('keyring-failure').textContent()).toContain(
      'KWallet 6 (--password-store=kwallet6)'
    )
    expect(await choice.textContent()).toContain('Hyprland, hyprland')
    expect(await checkScreen(page, 'desktop-02-keyring-failed')).toEqual([])
    // Back to the default: nothing to restart for.
    expect(await choice.getByRole('radio', { name: /Let Electron find it/ }).isChecked()).toBe(true)
    expect(await choice.getByRole('button', { name: 'Restart Fedivault now' }).count()).toBe(0)

    await choice.getByRole('radio', { name: /Use GNOME Keyring \/ Secret Service/ }).check()
    await choice.getByRole('button', { name: 'Restart Fedivault now' }).waitFor()
    expect(JSON.parse(readFileSync(join(dataDir, PASSWORD_STORE_FILE), 'utf8'))).toEqual({
      backend: 'gnome-libsecret'
    })
    expect(await choice.getByTestId('keyring-failure').count()).toBe(0)
    expect(await checkScreen(page, 'desktop-03-keyring-chosen')).toEqual([])
    await choice.getByRole('button', { name: 'Restart Fedivault now' }).click()
    await expect.poll(() => restarts).toBe(1)
    expect(app.problems).toEqual([])
  })

  test('a notification’s click lands on the account’s "Sign in again", focused', async () => {
    const signIn = await harness.app.dispatch('signin:password', {
      input: sim.url,
      username: 'alice@example.test',
      password: 'correct horse'
    })
    expect(signIn.ok).toBe(true)
    const alice = (signIn as { data: { id: string } }).data.id
    sim.revokeAllTokens('alice')
    await harness.app.dispatch('accounts:reverify', { id: alice })
    harness.app.events.emit('app:navigate', { to: 'accounts', accountId: alice, action: 'reauth' })
    const button = app.page
      .getByTestId('account-row')
      .getByRole('button', { name: `Sign in again as @${alice}` })
    await expect.poll(() => button.evaluate((el) => el === document.activeElement)).toBe(true)
    expect(await checkScreen(app.page, 'desktop-04-reauth-focused')).toEqual([])
  })
})
