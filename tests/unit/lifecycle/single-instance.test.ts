import { beforeEach, describe, expect, test } from 'vitest'
import { claimSingleInstance, revealWindow } from '../../../src/main/lifecycle/single-instance'
import { app, BrowserWindow, fake, resetFakeElectron } from '../../support/fake-electron'

beforeEach(() => resetFakeElectron())

describe('single instance (fake Electron app)', () => {
  test('the first launch keeps running and listens for later launches', () => {
    expect(claimSingleInstance(app, () => {})).toBe(true)
    expect(fake.quitCalls).toBe(0)
    expect(app.listenerCount('second-instance')).toBe(1)
  })

  test('a second launch quits at once without touching anything else', () => {
    fake.singleInstanceLock = false
    expect(claimSingleInstance(app, () => {})).toBe(false)
    expect(fake.quitCalls).toBe(1)
    expect(app.listenerCount('second-instance')).toBe(0)
  })

  test('when another launch happens, the existing window comes back from the tray', () => {
    const win = new BrowserWindow({ show: true })
    claimSingleInstance(app, () => revealWindow(win))
    win.hide()
    expect(win.isVisible()).toBe(false)
    app.emit('second-instance', {}, ['fedivault'], '/')
    expect(win.isVisible()).toBe(true)
    expect(win.calls.slice(-2)).toEqual(['show', 'focus'])
  })
})

describe('revealWindow', () => {
  test('a minimised window is restored and focused', () => {
    const win = new BrowserWindow()
    win.minimize()
    expect(revealWindow(win)).toBe(true)
    expect(win.isMinimized()).toBe(false)
    expect(win.calls.slice(-2)).toEqual(['restore', 'focus'])
  })

  test('a visible window behind others is focused, not re-shown', () => {
    const win = new BrowserWindow()
    revealWindow(win)
    expect(win.calls).toEqual(['focus'])
  })

  test('no window, or a destroyed one: reports false so the caller creates one', () => {
    const win = new BrowserWindow()
    win.destroy()
    expect(revealWindow(win)).toBe(false)
    expect(revealWindow(null)).toBe(false)
    expect(win.calls).toEqual([])
  })
})
