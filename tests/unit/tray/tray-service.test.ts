import { describe, expect, test } from 'vitest'
import type { TrayAction, TrayMenuItem } from '../../../src/main/tray/tray-menu'
import {
  TrayService,
  type AvatarSource,
  type TrayHandle,
  type TrayServiceOptions
} from '../../../src/main/tray/tray-service'
import { TrayStateStore } from '../../../src/main/tray/tray-state-store'
import { account } from './accounts'

/** A tray that records what the service did to it, and lets the test click items. */
class RecordingTray implements TrayHandle {
  images: string[] = []
  tooltip = ''
  menu: TrayMenuItem[] = []
  menuBuilds = 0
  destroyed = false
  #onAction: (action: TrayAction) => void = () => {}
  #onClick: (() => void) | undefined

  constructor(image: string) {
    this.images.push(image)
  }
  setImage(path: string) {
    this.images.push(path)
  }
  setToolTip(text: string) {
    this.tooltip = text
  }
  setMenu(items: TrayMenuItem[], onAction: (action: TrayAction) => void) {
    this.menu = items
    this.menuBuilds++
    this.#onAction = onAction
  }
  onClick(listener: () => void) {
    this.#onClick = listener
  }
  destroy() {
    this.destroyed = true
  }
  click(id: string) {
    const item = this.menu.find((i) => i.id === id)
    if (!item?.action) throw new Error(`no clickable item ${id}`)
    this.#onAction(item.action)
  }
  clickIcon() {
    this.#onClick?.()
  }
  labels() {
    return this.menu.filter((i) => i.type !== 'separator').map((i) => i.label)
  }
}

const alice = account('alice@mastodon.social', {
  displayName: 'Alice',
  position: 0,
  avatar: 'https://cdn.example/a.png'
})
const bob = account('bob@fosstodon.org', {
  displayName: 'Bob',
  position: 1,
  avatar: 'https://cdn.example/b.png'
})

function setup(overrides: Partial<TrayServiceOptions> = {}) {
  const source = new TrayStateStore()
  const trays: RecordingTray[] = []
  const actions: TrayAction[] = []
  const warnings: string[] = []
  let icon = '/res/tray-on-dark.png'
  const service = new TrayService({
    createTray: (path) => {
      const tray = new RecordingTray(path)
      trays.push(tray)
      return tray
    },
    source,
    dispatch: (action) => void actions.push(action),
    platform: 'linux',
    iconPath: () => icon,
    log: { warn: (m) => void warnings.push(m) },
    ...overrides
  })
  return {
    service,
    source,
    trays,
    actions,
    warnings,
    tray: () => trays[0] as RecordingTray,
    setIcon: (path: string) => (icon = path)
  }
}

describe('TrayService', () => {
  test('start creates one tray with the icon, menu and tooltip for the current state', () => {
    const t = setup()
    t.source.setAccounts({ accounts: [alice], activeAccountId: alice.id })
    t.service.start()
    t.service.start()
    expect(t.trays).toHaveLength(1)
    expect(t.tray().images).toEqual(['/res/tray-on-dark.png'])
    expect(t.tray().tooltip).toBe('Fedivault — @alice@mastodon.social')
    expect(t.tray().labels()[0]).toBe('Alice (@alice@mastodon.social)')
  })

  test('rebuilds menu and tooltip on every account change', () => {
    const t = setup()
    t.service.start()
    expect(t.tray().labels()[0]).toBe('No accounts yet')

    t.source.setAccounts({ accounts: [alice, bob], activeAccountId: alice.id })
    expect(t.tray().labels()[0]).toBe('Switch to Bob (@bob@fosstodon.org)')
    expect(t.tray().tooltip).toBe('Fedivault — @alice@mastodon.social')

    t.source.setAccounts({ accounts: [alice, bob], activeAccountId: bob.id })
    expect(t.tray().labels()[0]).toBe('Switch to Alice (@alice@mastodon.social)')
    expect(t.tray().tooltip).toBe('Fedivault — @bob@fosstodon.org')
    expect(t.tray().menuBuilds).toBe(3)
  })

  test('rebuilds when script access is switched on elsewhere', () => {
    const t = setup()
    t.service.start()
    t.source.setScriptAccess(true)
    expect(t.tray().menu.find((i) => i.id === 'script-access')?.checked).toBe(true)
  })

  test('clicks become action descriptors for the dispatcher', () => {
    const t = setup()
    t.source.setAccounts({ accounts: [alice, bob], activeAccountId: alice.id })
    t.service.start()
    t.tray().click('switch-other')
    t.tray().click(`account:${alice.id}`)
    t.tray().click('add-account')
    t.tray().click('open')
    t.tray().click('script-access')
    t.tray().click('quit')
    expect(t.actions).toEqual([
      { kind: 'switch', accountId: bob.id },
      { kind: 'switch', accountId: alice.id },
      { kind: 'add-account' },
      { kind: 'open' },
      { kind: 'toggle-script-access', enable: true },
      { kind: 'quit' }
    ])
  })

  test('a failing action is logged and the menu is rebuilt from the real state', async () => {
    const t = setup({
      dispatch: async () => {
        throw new Error('server unreachable')
      }
    })
    t.source.setAccounts({ accounts: [alice, bob], activeAccountId: alice.id })
    t.service.start()
    const before = t.tray().menuBuilds
    t.tray().click('switch-other')
    await new Promise((r) => setImmediate(r))
    expect(t.warnings).toEqual(['tray: action failed'])
    expect(t.tray().menuBuilds).toBe(before + 1)
    expect(t.tray().menu.find((i) => i.checked && i.type === 'radio')?.id).toBe(
      `account:${alice.id}`
    )
  })

  test('on Windows a left click on the icon opens the window; elsewhere it does nothing', () => {
    const win = setup({ platform: 'win32' })
    win.service.start()
    win.tray().clickIcon()
    expect(win.actions).toEqual([{ kind: 'open' }])

    const linux = setup({ platform: 'linux' })
    linux.service.start()
    linux.tray().clickIcon()
    expect(linux.actions).toEqual([])
  })

  test('after stop the tray is destroyed, changes are ignored and no new tray is created', () => {
    const t = setup()
    t.service.start()
    t.service.stop()
    expect(t.tray().destroyed).toBe(true)
    const builds = t.tray().menuBuilds
    t.source.setAccounts({ accounts: [alice], activeAccountId: alice.id })
    t.service.start()
    expect(t.trays).toHaveLength(1)
    expect(t.tray().menuBuilds).toBe(builds)
    expect(t.source.listenerCount('changed')).toBe(0)
  })

  test('refreshIcon asks for the icon again (panel theme changed)', () => {
    const t = setup()
    t.service.start()
    t.setIcon('/res/tray-on-light.png')
    t.service.refreshIcon()
    expect(t.tray().images).toEqual(['/res/tray-on-dark.png', '/res/tray-on-light.png'])
  })

  describe('avatars (macOS)', () => {
    function avatarSource(results: Record<string, string | undefined>) {
      const cached = new Map<string, string>()
      const tried = new Set<string>()
      const fetched: string[] = []
      let release: () => void = () => {}
      const gate = new Promise<void>((r) => (release = r))
      const source: AvatarSource = {
        cached: (url) => cached.get(url),
        wouldFetch: (url) => !cached.has(url) && !tried.has(url),
        fetch: async (url) => {
          fetched.push(url)
          tried.add(url)
          await gate
          const file = results[url]
          if (file) cached.set(url, file)
          return file
        }
      }
      return { source, fetched, release: () => release() }
    }

    test('shows the menu at once, then again with the avatars that arrived', async () => {
      const avatars = avatarSource({
        [alice.avatar!]: '/cache/alice.png',
        [bob.avatar!]: undefined
      })
      const t = setup({ platform: 'darwin', avatars: avatars.source })
      t.source.setAccounts({ accounts: [alice, bob], activeAccountId: alice.id })
      t.service.start()
      expect(t.tray().menu.some((i) => i.icon)).toBe(false)
      expect(avatars.fetched).toEqual([alice.avatar, bob.avatar])

      avatars.release()
      await expect
        .poll(() => t.tray().menu.find((i) => i.id === `account:${alice.id}`)?.icon)
        .toBe('/cache/alice.png')
      expect(t.tray().menu.find((i) => i.id === `account:${bob.id}`)?.icon).toBeUndefined()
      // The failed one is not fetched again on the rebuild.
      expect(avatars.fetched).toEqual([alice.avatar, bob.avatar])
    })

    test('nothing is downloaded where menus do not show avatars', () => {
      const avatars = avatarSource({})
      const t = setup({ platform: 'linux', avatars: avatars.source })
      t.source.setAccounts({ accounts: [alice, bob], activeAccountId: alice.id })
      t.service.start()
      expect(avatars.fetched).toEqual([])
    })
  })
})
