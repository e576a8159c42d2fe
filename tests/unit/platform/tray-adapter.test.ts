import { resolve } from 'node:path'
import { beforeEach, describe, expect, test } from 'vitest'
import {
  createElectronTray,
  exposeTrayProbe,
  panelTheme
} from '../../../src/main/platform/tray-adapter'
import { trayIconPath } from '../../../src/main/tray/tray-icon'
import type { TrayAction } from '../../../src/main/tray/tray-menu'
import { TrayService } from '../../../src/main/tray/tray-service'
import { TrayStateStore } from '../../../src/main/tray/tray-state-store'
import {
  nativeTheme,
  resetFakeElectron,
  Tray as FakeTray,
  type FakeMenuItem,
  type FakeNativeImage
} from '../../support/fake-electron'
import { account } from '../tray/accounts'

const resources = resolve(__dirname, '../../../resources')
const alice = account('alice@mastodon.social', { displayName: 'Alice', position: 0 })
const bob = account('bob@fosstodon.org', { displayName: 'Bob', position: 1 })

beforeEach(() => resetFakeElectron())

function nativeTray(): FakeTray {
  const tray = FakeTray.instances.at(-1)
  if (!tray) throw new Error('no tray was created')
  return tray
}
const items = (tray: FakeTray): FakeMenuItem[] => tray.contextMenu?.items ?? []

describe('tray adapter (fake Electron)', () => {
  test('loads the icon from resources; on macOS as a template image', () => {
    createElectronTray(trayIconPath(resources, 'darwin', 'light'), 'darwin')
    const image = nativeTray().image as FakeNativeImage
    expect(image.isEmpty()).toBe(false)
    expect(image.isTemplateImage()).toBe(true)

    createElectronTray(trayIconPath(resources, 'linux', 'dark'), 'linux')
    expect((nativeTray().image as FakeNativeImage).path).toBe(
      resolve(resources, 'tray-on-dark.png')
    )
  })

  test('menu items become native items whose click dispatches the descriptor', () => {
    const handle = createElectronTray(resolve(resources, 'tray-on-dark.png'), 'linux')
    const actions: TrayAction[] = []
    handle.setMenu(
      [
        {
          id: 'account:a',
          type: 'radio',
          label: 'A',
          checked: true,
          action: { kind: 'switch', accountId: 'a' }
        },
        { type: 'separator' },
        { id: 'quit', type: 'normal', label: 'Quit Fedivault', action: { kind: 'quit' } },
        {
          id: 'more',
          type: 'normal',
          label: 'More',
          submenu: [
            {
              id: 'account:b',
              type: 'radio',
              label: 'B',
              action: { kind: 'switch', accountId: 'b' }
            }
          ]
        }
      ],
      (action) => actions.push(action)
    )
    const menu = nativeTray().contextMenu!
    expect(items(nativeTray()).map((i) => [i.type, i.label, i.checked])).toEqual([
      ['radio', 'A', true],
      ['separator', undefined, undefined],
      ['normal', 'Quit Fedivault', undefined],
      ['normal', 'More', undefined]
    ])
    menu.getMenuItemById('quit')?.click?.()
    menu.getMenuItemById('account:b')?.click?.()
    expect(actions).toEqual([{ kind: 'quit' }, { kind: 'switch', accountId: 'b' }])
  })

  test('avatar icons are loaded and scaled to 16 px', () => {
    const handle = createElectronTray(resolve(resources, 'trayTemplate.png'), 'darwin')
    handle.setMenu(
      [{ id: 'x', type: 'radio', label: 'X', icon: resolve(resources, 'icon.png') }],
      () => {}
    )
    expect(items(nativeTray())[0]?.icon?.getSize()).toEqual({ width: 16, height: 16 })
  })

  test('panel theme: Windows follows the taskbar, Linux panels count as dark, macOS follows the theme', () => {
    nativeTheme.shouldUseDarkColorsForSystemIntegratedUI = false
    expect(panelTheme('win32')).toBe('light')
    expect(panelTheme('linux')).toBe('dark')
    nativeTheme.shouldUseDarkColors = true
    expect(panelTheme('darwin')).toBe('dark')
  })

  test('with TrayService: a native click switches, the state change rebuilds the native menu', () => {
    const source = new TrayStateStore()
    source.setAccounts({ accounts: [alice, bob], activeAccountId: alice.id })
    const service = new TrayService({
      createTray: (path) => createElectronTray(path, 'linux'),
      source,
      // What the lead's dispatcher does in effect: the account service switches and reports back.
      dispatch: (action) => {
        if (action.kind === 'switch')
          source.setAccounts({ accounts: [alice, bob], activeAccountId: action.accountId })
      },
      platform: 'linux',
      iconPath: () => trayIconPath(resources, 'linux', 'dark')
    })
    service.start()
    expect(nativeTray().tooltip).toBe('Fedivault — @alice@mastodon.social')
    nativeTray().contextMenu?.getMenuItemById('switch-other')?.click?.()
    expect(nativeTray().tooltip).toBe('Fedivault — @bob@fosstodon.org')
    expect(nativeTray().contextMenu?.getMenuItemById(`account:${bob.id}`)?.checked).toBe(true)
    expect(items(nativeTray())[0]?.label).toBe('Switch to Alice (@alice@mastodon.social)')
    service.stop()
    expect(nativeTray().isDestroyed()).toBe(true)
  })

  test('the e2e probe is only exposed when FEDIVAULT_E2E_PROBE=1', () => {
    const service = new TrayService({
      createTray: (path) => createElectronTray(path, 'linux'),
      source: new TrayStateStore(),
      dispatch: () => {},
      platform: 'linux',
      iconPath: () => resolve(resources, 'tray-on-dark.png')
    })
    const global = globalThis as { __fedivaultTrayProbe?: () => { tooltip: string } }
    try {
      exposeTrayProbe(service, {})
      expect(global.__fedivaultTrayProbe).toBeUndefined()
      exposeTrayProbe(service, { FEDIVAULT_E2E_PROBE: '1' })
      service.start()
      expect(global.__fedivaultTrayProbe?.().tooltip).toBe('Fedivault — no accounts')
    } finally {
      delete global.__fedivaultTrayProbe
    }
  })
})
