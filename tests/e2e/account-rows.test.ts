import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import type { AccountSummary, AccountsState } from '@shared/domain/account'
import type { SettingsDto } from '@shared/domain/settings'
import { checkScreen, focused, focusIsVisible, openApp, type AppPage } from './support/app-page'
import { launchChromium, type LaunchedBrowser } from './support/browser'
import { startFakeMain, type FakeMainHarness } from './support/fake-main'
import { summary } from '../unit/renderer/support/fixtures'

/**
 * The account list as a person reads it: `[radio][avatar][name / handle][status][⋯]` rows that
 * line up, the ⋯ menu (also on right-click) with Remove… last, switching by radio, Ctrl+number
 * and the header switcher, reordering with Alt+↑/↓, the attention banner, and status text and
 * avatars legible in both themes. Main is faked behind the real router and harness server, so
 * every status (and its age) can be shown at once.
 */

// A 1×1 PNG: a real picture without a network.
const PIXEL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='
// Nothing listens there: the picture fails to load and the initials take its place.
const BROKEN = 'http://127.0.0.1:9/avatar.png'
const MIN = 60_000

let state: AccountsState
let main: FakeMainHarness
let chromium: LaunchedBrowser
let app: AppPage

function setState(accounts: AccountSummary[], activeAccountId: string | null) {
  state = {
    accounts: accounts.map((a, position) => ({ ...a, position, active: a.id === activeAccountId })),
    activeAccountId
  }
  return state
}

const settings: SettingsDto = {
  storage: {
    backend: 'basic_text',
    description: 'Plaintext file (no OS keychain found)',
    protectedByOs: false,
    canSaveSecrets: true,
    plaintextOptIn: true,
    location: '/home/me/.config/Fedivault/vault.json'
  },
  scriptAccess: { enabled: false, running: false },
  closeToTray: true,
  startup: {
    available: false,
    openAtLogin: false,
    mechanism: 'none',
    detail: 'Only the desktop app can start at login.'
  },
  notifications: { enabled: true, supported: false },
  theme: 'system'
}

beforeAll(async () => {
  const now = Date.now()
  setState(
    [
      summary({
        username: 'alice',
        domain: 'social.example',
        displayName: 'Alice Liddell',
        avatar: PIXEL,
        lastVerifiedAt: now - 2 * MIN
      }),
      summary({ username: 'bob', domain: 'work.example', label: 'Work', avatar: BROKEN }),
      summary({
        username: 'carol',
        domain: 'pleroma.example',
        software: 'pleroma',
        status: 'needs_reauth',
        statusReason: 'HTTP 403: Invalid credentials',
        statusChangedAt: now - 4 * MIN
      }),
      summary({ username: 'dave', domain: 'far.example', status: 'offline' }),
      summary({
        username: 'eve',
        domain: 'gone.example',
        status: 'pending_removal',
        statusReason: 'gone.example did not confirm the revocation.'
      })
    ],
    'alice@social.example'
  )
  main = await startFakeMain({
    'app:info': () => ({
      name: 'Fedivault',
      version: '0.1.0',
      platform: 'linux',
      harness: true,
      capabilities: { nativeFileDialogs: false },
      notices: []
    }),
    'accounts:list': () => state,
    'accounts:switch': ({ id }) => setState(state.accounts, id),
    'accounts:reverify': () => state,
    'accounts:reorder': ({ ids }) => {
      const byId = new Map(state.accounts.map((a) => [a.id, a]))
      return setState(
        ids.map((id) => byId.get(id)!),
        state.activeAccountId
      )
    },
    'settings:get': () => settings,
    'instances:discover': ({ input }) => ({
      input,
      domain: 'pleroma.example',
      apiBaseUrl: 'https://pleroma.example',
      software: 'pleroma',
      api: 'mastodon',
      version: '2.7.0',
      title: 'Pleroma Example',
      signIn: { browser: { available: true, pkce: true }, password: { available: 'yes' } }
    })
  })
  chromium = await launchChromium()
  app = await openApp(chromium.browser, main.url)
})

afterAll(async () => {
  await app?.close()
  await chromium?.close()
  await main?.close()
})

const calls = (channel: string) =>
  main.calls.filter((c) => c.channel === channel).map((c) => c.request)
const rows = () => app.page.getByTestId('account-row')
const row = (handle: string) => rows().filter({ hasText: handle })

type Rgb = [number, number, number]
const lum = ([r, g, b]: Rgb) => {
  const c = (v: number) => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
  return 0.2126 * c(r) + 0.7152 * c(g) + 0.0722 * c(b)
}
const ratio = (a: Rgb, b: Rgb) => {
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

/** Text colour and the first opaque background behind it, as the browser computed them. */
function colours(page: Page, selector: string) {
  return page.$$eval(selector, (els) =>
    els.map((el) => {
      const rgb = (css: string) => {
        const m = css.match(/rgba?\(([\d.]+),?\s*([\d.]+),?\s*([\d.]+)(?:[,/]\s*([\d.]+))?/)
        return m ? { rgb: [+m[1]!, +m[2]!, +m[3]!], alpha: m[4] === undefined ? 1 : +m[4] } : null
      }
      let bg: number[] | null = null
      for (let node: Element | null = el; node && !bg; node = node.parentElement) {
        const c = rgb(getComputedStyle(node).backgroundColor)
        if (c && c.alpha > 0.99) bg = c.rgb
      }
      return {
        text: (el.textContent ?? '').trim(),
        fg: rgb(getComputedStyle(el).color)!.rgb,
        bg: bg ?? [255, 255, 255]
      }
    })
  ) as Promise<{ text: string; fg: Rgb; bg: Rgb }[]>
}

describe('account rows', () => {
  test('every status with its age, one trailing column, initials for a picture that fails', async () => {
    const { page } = app
    await expect.poll(() => rows().count()).toBe(5)
    expect(await rows().getByTestId('account-status').allTextContents()).toEqual([
      'Signed in',
      'Signed in',
      'Needs sign-in',
      'Offline',
      'Pending removal'
    ])
    const details = await rows().getByTestId('account-status-detail').allTextContents()
    expect(details[0]).toBe('Checked 2 min ago')
    expect(details[2]).toMatch(/^The server refused it 4 min ago/)
    // The server's own words are one press away, under "Details".
    expect(await page.getByTestId('status-reason').count()).toBe(0)
    await row('@carol@pleroma.example')
      .getByRole('button', { name: 'Details for @carol@pleroma.example' })
      .click()
    expect(await row('@carol@pleroma.example').getByTestId('status-reason').textContent()).toBe(
      'HTTP 403: Invalid credentials'
    )
    // The active row says what "active" means.
    expect(await row('@alice@social.example').getByTestId('active-marker').textContent()).toBe(
      'Active · scripts and the tray use this account'
    )
    expect(await rows().getByTestId('active-marker').count()).toBe(1)

    // The only inline button is "Sign in again", on the row that needs it.
    const inline = await rows().evaluateAll((lis) =>
      lis.map((li) =>
        Array.from(li.querySelectorAll('.row-trailing button')).map((b) =>
          (b.getAttribute('aria-label') ?? b.textContent ?? '').trim()
        )
      )
    )
    expect(inline[2]).toEqual([
      'Sign in again as @carol@pleroma.example',
      'More actions for @carol@pleroma.example'
    ])
    expect(inline[0]).toEqual(['More actions for @alice@social.example'])
    // No red on the list itself: destructive actions live in the ⋯ menu and dialogs.
    expect(await page.locator('.account-list .danger, .account-list .danger-quiet').count()).toBe(0)

    // Rows line up: the ⋯ buttons share one right edge, statuses one left edge.
    const geometry = await rows().evaluateAll((lis) =>
      lis.map((li) => ({
        height: li.getBoundingClientRect().height,
        more: li.querySelector('.more-button')!.getBoundingClientRect().right,
        status: li.querySelector('.account-status')!.getBoundingClientRect().left,
        avatar: li.querySelector('.avatar')!.getBoundingClientRect().width
      }))
    )
    expect(new Set(geometry.map((g) => Math.round(g.more))).size).toBe(1)
    expect(new Set(geometry.map((g) => Math.round(g.status))).size).toBe(1)
    for (const g of geometry.filter((_, i) => i !== 2)) {
      expect(g.height).toBeGreaterThanOrEqual(59)
      expect(g.height).toBeLessThanOrEqual(65)
      expect(g.avatar).toBe(40)
    }

    // The broken picture gave way to initials; accounts without pictures get different tiles.
    await expect.poll(() => row('@bob@work.example').getByTestId('avatar-initials').count()).toBe(1)
    expect(await row('@bob@work.example').getByTestId('avatar-initials').textContent()).toBe('W')
    expect(await row('@alice@social.example').locator('.avatar-plate img').count()).toBe(1)
    const tiles = await page
      .getByTestId('avatar-initials')
      .evaluateAll((els) => els.map((el) => getComputedStyle(el).backgroundColor))
    expect(new Set(tiles).size).toBeGreaterThan(1)
    // Accounts in trouble carry a mark on the avatar.
    expect(
      await rows().evaluateAll((lis) => lis.map((li) => !!li.querySelector('.avatar-mark')))
    ).toEqual([false, false, true, false, true])
    expect(await checkScreen(page, 'rows-01-all-statuses')).toEqual([])
  })

  test('status text, initials and the avatar plate reach 4.5:1 in light and dark', async () => {
    const { page } = app
    const plates: string[] = []
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme })
      const texts = [
        ...(await colours(page, '.account-status .status-label')),
        ...(await colours(page, '.account-status .status-detail')),
        ...(await colours(page, '.active-line')),
        ...(await colours(page, '.avatar-fallback'))
      ]
      expect(texts.length).toBeGreaterThanOrEqual(14)
      for (const t of texts) {
        expect(ratio(t.fg, t.bg), `${scheme}: "${t.text}"`).toBeGreaterThanOrEqual(4.5)
      }
      const [plate] = await colours(page, '.avatar-plate')
      // A dark silhouette drawn for light backgrounds stays visible on the plate.
      expect(ratio(plate!.bg, [0, 0, 0]), scheme).toBeGreaterThanOrEqual(4.5)
      plates.push(plate!.bg.join(','))
    }
    // The same light plate in both themes.
    expect(plates[0]).toBe(plates[1])
    await page.emulateMedia({ colorScheme: 'light' })
  })

  test('the ⋯ menu from the keyboard: named for the account, Remove… last, Escape goes back', async () => {
    const { page } = app
    const more = page.getByRole('button', { name: 'More actions for @alice@social.example' })
    await more.focus()
    await page.keyboard.press('Enter')
    const menu = page.getByTestId('account-menu')
    await menu.waitFor()
    expect(await menu.getAttribute('aria-label')).toBe('Actions for @alice@social.example')
    expect(await menu.getByRole('menuitem').allTextContents()).toEqual([
      'Check now',
      'Rename…',
      'Move up',
      'Move down',
      'Open profile ↗',
      'Remove…'
    ])
    expect((await focused(page)).text).toBe('Check now')
    expect(await focusIsVisible(page)).toBe(true)
    await page.keyboard.press('End')
    expect((await focused(page)).text).toBe('Remove…')
    await page.keyboard.press('ArrowDown') // wraps around, skipping "Move up" (first row)
    expect((await focused(page)).text).toBe('Check now')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    expect((await focused(page)).text).toBe('Move down')
    expect(await checkScreen(page, 'rows-02-more-menu')).toEqual([])
    await page.keyboard.press('Escape')
    await expect.poll(() => menu.count()).toBe(0)
    expect((await focused(page)).label).toBe('More actions for @alice@social.example')
    expect(await menu.count()).toBe(0)

    // Check now, from the menu.
    await page.keyboard.press('Enter')
    await menu.waitFor()
    await page.keyboard.press('Enter')
    await expect
      .poll(() => calls('accounts:reverify'))
      .toContainEqual({ id: 'alice@social.example' })
    expect((await focused(page)).label).toBe('More actions for @alice@social.example')
  })

  test('right-click on a row opens the same menu where the pointer is', async () => {
    const { page } = app
    const target = row('@dave@far.example').getByTestId('account-handle')
    const box = (await target.boundingBox())!
    await target.click({ button: 'right' })
    const menu = page.getByTestId('account-menu')
    await menu.waitFor()
    expect(await menu.getAttribute('aria-label')).toBe('Actions for @dave@far.example')
    const at = (await menu.boundingBox())!
    expect(Math.abs(at.x - (box.x + box.width / 2))).toBeLessThan(box.width)
    await page.mouse.click(5, 5) // outside closes it
    await expect.poll(() => menu.count()).toBe(0)
  })

  test('Alt+↓ and Alt+↑ move the focused account and keep the focus on it', async () => {
    const { page } = app
    const radio = page.getByRole('radio', { name: 'Active account: @bob@work.example' })
    await radio.focus()
    await page.keyboard.press('Alt+ArrowDown')
    await expect
      .poll(() => page.getByTestId('account-handle').nth(2).textContent())
      .toBe('@bob@work.example')
    await expect
      .poll(() => calls('accounts:reorder').at(-1))
      .toEqual({
        ids: [
          'alice@social.example',
          'carol@pleroma.example',
          'bob@work.example',
          'dave@far.example',
          'eve@gone.example'
        ]
      })
    await expect
      .poll(async () => (await focused(page)).label)
      .toBe('Active account: @bob@work.example')
    // Alt+arrows reorder; they do not move the radio selection (no switch happened).
    await expect.poll(() => calls('accounts:switch')).toEqual([])
    await page.locator('[data-testid="account-row"][data-busy]').waitFor({ state: 'detached' })
    await page.keyboard.press('Alt+ArrowUp')
    await expect
      .poll(() => page.getByTestId('account-handle').nth(1).textContent())
      .toBe('@bob@work.example')
    await expect.poll(() => calls('accounts:reorder').length).toBe(2)
    await expect
      .poll(async () => (await focused(page)).label)
      .toBe('Active account: @bob@work.example')
  })
})

describe('dragging', () => {
  test('a row dragged by its handle onto another takes that place', async () => {
    const { page } = app
    const handles = () => page.getByTestId('account-handle').allTextContents()
    const before = calls('accounts:reorder').length
    await row('@dave@far.example').getByTestId('drag-handle').dragTo(row('@alice@social.example'))
    await expect
      .poll(handles)
      .toEqual([
        '@dave@far.example',
        '@alice@social.example',
        '@bob@work.example',
        '@carol@pleroma.example',
        '@eve@gone.example'
      ])
    await expect.poll(() => calls('accounts:reorder').length).toBe(before + 1)
    await expect
      .poll(() => calls('accounts:reorder').at(-1))
      .toEqual({
        ids: [
          'dave@far.example',
          'alice@social.example',
          'bob@work.example',
          'carol@pleroma.example',
          'eve@gone.example'
        ]
      })
    await page.locator('[data-testid="account-row"][data-busy]').waitFor({ state: 'detached' })
    // And back to where it was.
    await row('@dave@far.example').getByTestId('drag-handle').dragTo(row('@carol@pleroma.example'))
    await expect
      .poll(handles)
      .toEqual([
        '@alice@social.example',
        '@bob@work.example',
        '@carol@pleroma.example',
        '@dave@far.example',
        '@eve@gone.example'
      ])
    await expect.poll(() => calls('accounts:reorder').length).toBe(before + 2)
  })
})

describe('switching', () => {
  test('by radio, by Ctrl+number and from the header switcher, which counts what needs you', async () => {
    const { page } = app
    const header = page.getByTestId('header-active')
    expect(await header.textContent()).toContain('@alice@social.example')
    // Carol needs signing in again, Eve's removal is pending.
    expect(await page.getByTestId('attention-count').getAttribute('aria-label')).toBe(
      '2 accounts need your attention'
    )

    await page.getByRole('radio', { name: 'Active account: @bob@work.example' }).check()
    await expect.poll(() => row('@bob@work.example').getAttribute('aria-current')).toBe('true')
    await expect.poll(() => calls('accounts:switch').at(-1)).toEqual({ id: 'bob@work.example' })
    await expect.poll(() => header.textContent()).toContain('@bob@work.example')

    // Ctrl+1 makes the first account active, wherever the focus is.
    await page.getByRole('heading', { level: 1 }).focus()
    await page.keyboard.press('Control+1')
    await expect.poll(() => row('@alice@social.example').getAttribute('aria-current')).toBe('true')
    await expect.poll(() => calls('accounts:switch').at(-1)).toEqual({ id: 'alice@social.example' })

    // The header's menu mirrors the tray: every account, the active one checked, then the rest.
    await header.focus()
    await page.keyboard.press('Enter')
    const menu = page.getByTestId('switcher-menu')
    await menu.waitFor()
    const items = menu.getByRole('menuitemradio')
    expect(await items.count()).toBe(5)
    expect(await items.first().getAttribute('aria-checked')).toBe('true')
    expect(await items.nth(4).getAttribute('aria-disabled')).toBe('true') // pending removal
    expect(await menu.getByRole('menuitem').allTextContents()).toEqual(['Add account…', 'Settings'])
    expect((await focused(page)).text).toContain('@alice@social.example')
    expect(await checkScreen(page, 'rows-03-switcher-menu')).toEqual([])
    await page.keyboard.press('ArrowDown')
    expect((await focused(page)).text).toContain('@bob@work.example')
    await page.keyboard.press('Enter')
    await expect.poll(() => row('@bob@work.example').getAttribute('aria-current')).toBe('true')
    expect((await focused(page)).tag).toBe('button')
    expect(await header.textContent()).toContain('@bob@work.example')
  })

  test('the banner names the account that needs signing in again and leads there', async () => {
    const { page } = app
    const banner = page.getByTestId('attention-banner')
    expect(await banner.getByTestId('attention-reauth').textContent()).toContain(
      '@carol@pleroma.example needs you to sign in again.'
    )
    // This machine keeps sign-ins without the OS keychain: the banner says so too.
    expect(await banner.getByTestId('attention-storage').textContent()).toMatch(
      /without OS keychain protection/
    )
    expect(await checkScreen(page, 'rows-04-banner')).toEqual([])
    // The footer says where scripts and the keychain stand, and leads to their sections.
    expect(await page.getByTestId('footer-scripts').textContent()).toBe('Scripts: off')
    expect(await page.getByTestId('footer-keychain').textContent()).toBe('Keychain: not protected')
    await banner.getByRole('button', { name: 'Dismiss until another account needs you' }).click()
    await expect.poll(() => banner.getByTestId('attention-reauth').count()).toBe(0)
    expect(await banner.getByTestId('attention-storage').count()).toBe(1)

    // Main sends the window to the account (a notification's "sign in again"), from another
    // screen: the row's "Sign in again" takes the focus.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Settings' })
      .click()
    main.events.emit('app:navigate', {
      to: 'accounts',
      accountId: 'carol@pleroma.example',
      action: 'reauth'
    })
    await expect
      .poll(async () => (await focused(page)).text)
      .toBe('Sign in again as @carol@pleroma.example')
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { level: 1, name: 'Sign in again' }).waitFor()
    await expect.poll(() => calls('instances:discover').length).toBe(1)
    expect(app.problems).toEqual([])
  })
})
