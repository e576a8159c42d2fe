import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  existsSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import {
  execLine,
  parseDesktopEntry,
  parseExecLine
} from '../../../src/main/login-item/desktop-entry'
import { HIDDEN_ARG, isHiddenStart } from '../../../src/main/login-item/hidden-start'
import {
  createLoginItem,
  loginCommand,
  type LoginItemOptions
} from '../../../src/main/login-item/login-item'
import {
  autostartFile,
  readAutostart,
  xdgAutostartLoginItem
} from '../../../src/main/login-item/xdg-autostart'
import { app, fake, resetFakeElectron } from '../../support/fake-electron'

let home: string
beforeEach(() => {
  resetFakeElectron()
  home = mkdtempSync(join(tmpdir(), 'fedivault-login-'))
})
afterEach(() => rmSync(home, { recursive: true, force: true }))

const options = (overrides: Partial<LoginItemOptions> = {}): LoginItemOptions => ({
  platform: 'linux',
  port: app,
  env: {},
  home,
  execPath: '/opt/Fedivault/fedivault',
  ...overrides
})

describe('the Desktop Entry Exec key', () => {
  test.each([
    [['/opt/Fedivault/fedivault', '--hidden'], '/opt/Fedivault/fedivault --hidden'],
    [
      ['/home/me/My Apps/Fedivault.AppImage', '--hidden'],
      '"/home/me/My Apps/Fedivault.AppImage" --hidden'
    ],
    [['/x/100%/fv'], '/x/100%%/fv'],
    [['/x/$HOME/"q"/fv'], '"/x/\\\\$HOME/\\\\"q\\\\"/fv"'],
    [['/x/back\\slash/fv'], '"/x/back\\\\\\\\slash/fv"']
  ])('%j is written as %s and read back the same', (argv, line) => {
    expect(execLine(argv)).toBe(line)
    expect(parseExecLine(execLine(argv))).toEqual(argv)
  })

  test('field codes are dropped when read', () => {
    expect(parseExecLine('fedivault %U --hidden')).toEqual(['fedivault', '--hidden'])
  })

  test('only the [Desktop Entry] group counts', () => {
    const keys = parseDesktopEntry(
      '# comment\n[Desktop Entry]\nName=Fedivault\nExec=a b\n\n[Desktop Action x]\nExec=other\n'
    )
    expect(keys).toEqual({ Name: 'Fedivault', Exec: 'a b' })
  })
})

describe('Linux: the XDG autostart entry (a real file in a temporary home)', () => {
  test('lives in $XDG_CONFIG_HOME/autostart, else ~/.config/autostart', () => {
    expect(autostartFile({ XDG_CONFIG_HOME: '/cfg' }, home)).toBe(
      '/cfg/autostart/fedivault.desktop'
    )
    expect(autostartFile({}, home)).toBe(join(home, '.config/autostart/fedivault.desktop'))
    // The spec ignores a relative XDG_CONFIG_HOME.
    expect(autostartFile({ XDG_CONFIG_HOME: 'cfg' }, home)).toBe(
      join(home, '.config/autostart/fedivault.desktop')
    )
  })

  test('on writes an entry that runs the executable hidden; off removes it and nothing else', () => {
    const config = join(home, 'config')
    const item = createLoginItem(options({ env: { XDG_CONFIG_HOME: config } }))
    const file = join(config, 'autostart', 'fedivault.desktop')
    // Another program's entry in the same folder is not ours to touch.
    mkdirSync(join(config, 'autostart'), { recursive: true })
    writeFileSync(join(config, 'autostart', 'other.desktop'), '[Desktop Entry]\nExec=other\n')

    expect(item.status()).toEqual({
      available: true,
      openAtLogin: false,
      mechanism: 'xdg-autostart',
      detail: file
    })
    expect(item.set(true)).toMatchObject({ openAtLogin: true, detail: file })
    const text = readFileSync(file, 'utf8')
    const keys = parseDesktopEntry(text)
    expect(keys).toMatchObject({
      Type: 'Application',
      Name: 'Fedivault',
      Exec: '/opt/Fedivault/fedivault --hidden',
      Terminal: 'false',
      'X-GNOME-Autostart-enabled': 'true'
    })
    expect(statSync(file).mode & 0o777).toBe(0o644)
    expect(readAutostart(file)).toMatchObject({
      ours: true,
      argv: ['/opt/Fedivault/fedivault', HIDDEN_ARG]
    })

    expect(item.set(false)).toMatchObject({ openAtLogin: false })
    expect(existsSync(file)).toBe(false)
    expect(readdirSync(join(config, 'autostart'))).toEqual(['other.desktop'])
    // Off again with nothing there is fine.
    expect(item.set(false).openAtLogin).toBe(false)
  })

  test('an AppImage starts itself ($APPIMAGE), not the executable inside its mount', () => {
    const item = createLoginItem(
      options({
        env: { APPIMAGE: '/home/me/Apps/Fedivault 1.0.AppImage' },
        execPath: '/tmp/.mount_x/fedivault'
      })
    )
    item.set(true)
    expect(readAutostart(autostartFile({}, home)).argv).toEqual([
      '/home/me/Apps/Fedivault 1.0.AppImage',
      HIDDEN_ARG
    ])
  })

  test('unpackaged, Electron gets the app folder first', () => {
    expect(loginCommand(options({ appPath: '/src/fedivault' }))).toEqual([
      '/opt/Fedivault/fedivault',
      '/src/fedivault',
      HIDDEN_ARG
    ])
  })

  test('the toggle reads what the file says: switched off by the desktop reads as off', () => {
    const item = createLoginItem(options())
    item.set(true)
    const file = autostartFile({}, home)
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        'X-GNOME-Autostart-enabled=true',
        'X-GNOME-Autostart-enabled=false'
      )
    )
    expect(item.status().openAtLogin).toBe(false)
    writeFileSync(file, `${readFileSync(file, 'utf8')}Hidden=true\n`)
    expect(item.status().openAtLogin).toBe(false)
    // Turning it on again writes a fresh entry.
    expect(item.set(true).openAtLogin).toBe(true)
  })

  test('an entry Fedivault did not write is reported and left alone', () => {
    const file = autostartFile({}, home)
    mkdirSync(join(home, '.config', 'autostart'), { recursive: true })
    const theirs = '[Desktop Entry]\nType=Application\nExec=/usr/bin/fedivault --minimized\n'
    writeFileSync(file, theirs)
    const item = createLoginItem(options())
    expect(item.status()).toMatchObject({ openAtLogin: true, foreign: true })
    expect(item.set(false)).toMatchObject({ openAtLogin: true, foreign: true })
    expect(readFileSync(file, 'utf8')).toBe(theirs)
    item.set(true)
    expect(readFileSync(file, 'utf8')).toBe(theirs)
  })

  test('a folder it cannot write to fails loudly, and leaves no half-written file', () => {
    // `autostart` is a file here, so the folder cannot be made (as root, too, unlike a chmod).
    const config = join(home, 'blocked')
    mkdirSync(config)
    writeFileSync(join(config, 'autostart'), '')
    const item = xdgAutostartLoginItem({
      file: join(config, 'autostart', 'fedivault.desktop'),
      argv: () => ['fv']
    })
    expect(() => item.set(true)).toThrow(/EEXIST|ENOTDIR/)
    expect(readdirSync(config)).toEqual(['autostart'])
    expect(item.status().openAtLogin).toBe(false)
  })
})

describe('macOS and Windows: Electron’s login item (the fake electron’s app)', () => {
  test('Windows: the Run entry holds the executable and --hidden, and is read back by them', () => {
    const item = createLoginItem(
      options({ platform: 'win32', execPath: 'C:\\Fedivault\\Fedivault.exe' })
    )
    expect(item.status()).toEqual({ available: true, openAtLogin: false, mechanism: 'login-item' })
    expect(item.set(true).openAtLogin).toBe(true)
    expect([...fake.loginItems.values()]).toEqual([
      {
        path: 'C:\\Fedivault\\Fedivault.exe',
        args: [HIDDEN_ARG],
        openAtLogin: true,
        openAsHidden: false
      }
    ])
    // Without the same path and arguments Electron would not find it: the toggle asks with them.
    expect(app.getLoginItemSettings().openAtLogin).toBe(false)
    expect(item.status().openAtLogin).toBe(true)
    expect(item.set(false).openAtLogin).toBe(false)
    expect(fake.loginItems.size).toBe(0)
  })

  test('macOS: opens hidden; says when System Settings holds it back', () => {
    const item = createLoginItem(options({ platform: 'darwin' }))
    expect(item.set(true).openAtLogin).toBe(true)
    expect([...fake.loginItems.values()][0]).toMatchObject({ openAsHidden: true, args: [] })
    fake.loginItemStatus = 'requires-approval'
    expect(item.status().detail).toMatch(/System Settings → General → Login Items/)
    item.set(false)
    expect(item.status()).toEqual({ available: true, openAtLogin: false, mechanism: 'login-item' })
  })

  test('elsewhere: unavailable, and turning it on changes nothing', () => {
    const item = createLoginItem(options({ platform: 'freebsd' }))
    expect(item.set(true)).toMatchObject({
      available: false,
      openAtLogin: false,
      mechanism: 'none'
    })
    expect(fake.loginItems.size).toBe(0)
  })
})

describe('isHiddenStart', () => {
  test('Windows and Linux: the --hidden argument', () => {
    const launch = () => app.getLoginItemSettings()
    expect(isHiddenStart({ platform: 'linux', argv: ['fv', HIDDEN_ARG], launch })).toBe(true)
    expect(isHiddenStart({ platform: 'win32', argv: ['fv'], launch })).toBe(false)
    fake.openedAtLogin = true
    expect(isHiddenStart({ platform: 'linux', argv: ['fv'], launch })).toBe(false)
  })
  test('macOS: the login item says so itself', () => {
    const launch = () => app.getLoginItemSettings()
    expect(isHiddenStart({ platform: 'darwin', argv: ['fv'], launch })).toBe(false)
    fake.openedAtLogin = true
    expect(isHiddenStart({ platform: 'darwin', argv: ['fv'], launch })).toBe(true)
  })
})
