import { beforeEach, describe, expect, test } from 'vitest'
import { aboutPanelOptions } from '../../../src/main/lifecycle/about-panel'
import {
  buildAppMenuTemplate,
  type AppMenuAction,
  type AppMenuItem
} from '../../../src/main/lifecycle/app-menu'
import { installAboutPanel, installAppMenu } from '../../../src/main/platform/app-menu-adapter'
import { fake, resetFakeElectron, type FakeMenu } from '../../support/fake-electron'

beforeEach(() => resetFakeElectron())

const menu = (platform: NodeJS.Platform, isPackaged = true) =>
  buildAppMenuTemplate({ platform, appName: 'Fedivault', isPackaged })

function roles(items: readonly AppMenuItem[]): string[] {
  return items.flatMap((i) => [...(i.role ? [i.role] : []), ...roles(i.submenu ?? [])])
}
const top = (items: readonly AppMenuItem[]) => items.map((i) => i.label)

describe('application menu', () => {
  test('macOS: app menu first, with about, services, hide and quit; window menu managed by the system', () => {
    const items = menu('darwin')
    expect(top(items)).toEqual(['Fedivault', 'File', 'Edit', 'View', 'Window'])
    expect(roles([items[0]!])).toEqual([
      'about',
      'services',
      'hide',
      'hideOthers',
      'unhide',
      'quit'
    ])
    expect(items[4]).toMatchObject({ role: 'window' })
    expect(roles([items[4]!])).toEqual(['window', 'minimize', 'zoom', 'front'])
  })

  test('Windows and Linux: no app menu, quit under File, about under Help', () => {
    for (const platform of ['win32', 'linux'] as const) {
      const items = menu(platform)
      expect(top(items)).toEqual(['File', 'Edit', 'View', 'Window', 'Help'])
      expect(roles([items[0]!])).toEqual(['quit'])
      expect(roles([items[4]!])).toEqual(['help', 'about'])
      expect(roles(items)).not.toContain('services')
    }
  })

  test('the edit roles are there on every platform (copy and paste shortcuts depend on them)', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      expect(roles(menu(platform))).toEqual(
        expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll'])
      )
    }
  })

  test('developer tools and reload only in unpackaged builds', () => {
    expect(roles(menu('linux', true))).not.toContain('toggleDevTools')
    expect(roles(menu('linux', true))).not.toContain('reload')
    expect(roles(menu('linux', false))).toEqual(
      expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools'])
    )
  })

  test('our own items navigate: Add Account… and Settings, with the usual shortcuts', () => {
    const file = menu('win32')[0]!.submenu!
    expect(file.slice(0, 2)).toEqual([
      {
        label: 'Add Account…',
        accelerator: 'CmdOrCtrl+N',
        action: { kind: 'navigate', to: 'add-account' }
      },
      {
        label: 'Settings',
        accelerator: 'CmdOrCtrl+,',
        action: { kind: 'navigate', to: 'settings' }
      }
    ])
    const appMenu = menu('darwin')[0]!.submenu!
    expect(appMenu.find((i) => i.label === 'Settings…')?.action).toEqual({
      kind: 'navigate',
      to: 'settings'
    })
  })

  test('installed through the adapter: native menu set, roles kept, clicks dispatched', () => {
    const actions: AppMenuAction[] = []
    installAppMenu(menu('linux'), (a) => actions.push(a))
    const native = fake.applicationMenu as FakeMenu
    expect(native.items.map((i) => i.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help'])
    const file = native.items[0]!.submenu!.items
    expect(file.at(-1)).toMatchObject({ role: 'quit' })
    file[0]!.click?.()
    expect(actions).toEqual([{ kind: 'navigate', to: 'add-account' }])
  })
})

describe('About panel', () => {
  test('carries the name, the running version and the copyright year', () => {
    expect(
      aboutPanelOptions({
        appName: 'Fedivault',
        version: '1.2.3',
        platform: 'darwin',
        year: 2026,
        iconPath: '/r/icon.png'
      })
    ).toEqual({
      applicationName: 'Fedivault',
      applicationVersion: '1.2.3',
      copyright: '© 2026 Fedivault contributors. MIT licence.',
      credits: expect.any(String)
    })
  })

  test('Linux and Windows panels get the icon (macOS uses the bundle icon); Linux lists authors', () => {
    const linux = aboutPanelOptions({
      appName: 'Fedivault',
      version: '1.2.3',
      platform: 'linux',
      year: 2026,
      iconPath: '/r/icon.png'
    })
    expect(linux).toMatchObject({ iconPath: '/r/icon.png', authors: ['Fedivault contributors'] })
    const win = aboutPanelOptions({
      appName: 'Fedivault',
      version: '1.2.3',
      platform: 'win32',
      year: 2026,
      iconPath: '/r/icon.png'
    })
    expect(win.iconPath).toBe('/r/icon.png')
    expect(win.authors).toBeUndefined()
  })

  test('installed through the adapter', () => {
    installAboutPanel(
      aboutPanelOptions({ appName: 'Fedivault', version: '0.1.0', platform: 'linux', year: 2026 })
    )
    expect(fake.aboutPanelOptions).toMatchObject({ applicationVersion: '0.1.0' })
  })
})
