import { beforeEach, describe, expect, test } from 'vitest'
import {
  afterLastWindowClosed,
  closeAction,
  dockIcon,
  guardWindowClose,
  QuitState,
  type CloseContext
} from '../../../src/main/lifecycle/close-behaviour'
import { app, BrowserWindow, resetFakeElectron } from '../../support/fake-electron'

beforeEach(() => resetFakeElectron())

const base: CloseContext = {
  platform: 'linux',
  closeToTray: true,
  trayAvailable: true,
  quitting: false
}

describe('close decisions', () => {
  test.each([
    [{}, 'hide'],
    [{ closeToTray: false }, 'close'],
    [{ trayAvailable: false }, 'close'],
    [{ quitting: true }, 'close'],
    [{ platform: 'darwin' as const }, 'hide'],
    [{ platform: 'darwin' as const, closeToTray: false }, 'close']
  ])('closeAction %o → %s', (patch, expected) => {
    expect(closeAction({ ...base, ...patch })).toBe(expected)
  })

  test.each([
    [{}, 'stay'],
    [{ closeToTray: false }, 'quit'],
    [{ trayAvailable: false }, 'quit'],
    [{ platform: 'darwin' as const, closeToTray: false }, 'stay'],
    [{ platform: 'darwin' as const, quitting: true }, 'quit'],
    [{ platform: 'win32' as const, closeToTray: false }, 'quit']
  ])('afterLastWindowClosed %o → %s', (patch, expected) => {
    expect(afterLastWindowClosed({ ...base, ...patch })).toBe(expected)
  })

  test('dock icon: hidden only on macOS, with close-to-tray on and the window hidden', () => {
    const mac = { platform: 'darwin' as const, closeToTray: true, trayAvailable: true }
    expect(dockIcon({ ...mac, windowVisible: false })).toBe('hide')
    expect(dockIcon({ ...mac, windowVisible: true })).toBe('show')
    expect(dockIcon({ ...mac, closeToTray: false, windowVisible: false })).toBe('show')
    expect(dockIcon({ ...mac, trayAvailable: false, windowVisible: false })).toBe('show')
    expect(dockIcon({ ...mac, platform: 'win32', windowVisible: false })).toBeUndefined()
  })
})

describe('guardWindowClose (fake Electron window)', () => {
  function setup(context: Partial<CloseContext> = {}) {
    const quit = new QuitState()
    quit.listen(app)
    const win = new BrowserWindow({ show: true })
    const dock: boolean[] = []
    let closeToTray = context.closeToTray ?? true
    guardWindowClose(win, {
      context: () => ({ ...base, ...context, closeToTray, quitting: quit.quitting }),
      setDock: (visible) => dock.push(visible)
    })
    return { win, dock, setCloseToTray: (v: boolean) => (closeToTray = v) }
  }

  test('close-to-tray on: the close button hides the window instead of destroying it', () => {
    const { win } = setup()
    win.close()
    expect(win.isDestroyed()).toBe(false)
    expect(win.isVisible()).toBe(false)
  })

  test('the setting is read at close time, so changing it applies at once', () => {
    const { win, setCloseToTray } = setup()
    setCloseToTray(false)
    win.close()
    expect(win.isDestroyed()).toBe(true)
  })

  test('once quitting has begun, the window really closes', () => {
    const { win } = setup()
    app.emit('before-quit')
    win.close()
    expect(win.isDestroyed()).toBe(true)
  })

  test('macOS: the dock icon follows the window into the tray and back', () => {
    const { win, dock } = setup({ platform: 'darwin' })
    win.close()
    win.show()
    expect(dock).toEqual([false, true])
  })

  test('elsewhere the dock is never touched', () => {
    const { win, dock } = setup({ platform: 'win32' })
    win.close()
    win.show()
    expect(dock).toEqual([])
  })
})
