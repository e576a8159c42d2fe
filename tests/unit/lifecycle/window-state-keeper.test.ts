import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { createJsonFileStore } from '../../../src/main/lifecycle/json-file-store'
import type { WindowState } from '../../../src/main/lifecycle/window-state'
import { WindowStateKeeper, type Timers } from '../../../src/main/lifecycle/window-state-keeper'
import { createWindowState } from '../../../src/main/platform/window-state-adapter'
import { BrowserWindow, fake, fakeDisplay, resetFakeElectron } from '../../support/fake-electron'

/** Timers the test advances by hand. */
class ManualTimers implements Timers {
  #now = 0
  #queue = new Map<number, { at: number; callback: () => void }>()
  #next = 1
  setTimeout(callback: () => void, ms: number) {
    const id = this.#next++
    this.#queue.set(id, { at: this.#now + ms, callback })
    return id
  }
  clearTimeout(handle: unknown) {
    this.#queue.delete(handle as number)
  }
  advance(ms: number) {
    this.#now += ms
    for (const [id, t] of [...this.#queue]) {
      if (t.at <= this.#now) {
        this.#queue.delete(id)
        t.callback()
      }
    }
  }
  get pending() {
    return this.#queue.size
  }
}

let dir: string
let file: string
beforeEach(() => {
  resetFakeElectron()
  dir = mkdtempSync(join(tmpdir(), 'fedivault-window-'))
  file = join(dir, 'window-state.json')
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function setup() {
  const timers = new ManualTimers()
  const store = createJsonFileStore<WindowState>(file)
  const writes: WindowState[] = []
  const keeper = new WindowStateKeeper({
    store: { load: store.load, save: (s) => (writes.push(s), store.save(s)) },
    delayMs: 500,
    timers
  })
  const win = new BrowserWindow({ x: 100, y: 100, width: 800, height: 600 })
  const untrack = keeper.track(win)
  return { timers, keeper, win, writes, untrack }
}
const onDisk = () => JSON.parse(readFileSync(file, 'utf8')) as WindowState

describe('WindowStateKeeper (fake BrowserWindow)', () => {
  test('a burst of moves and resizes is written once, after the window settles', () => {
    const { timers, win, writes } = setup()
    for (let i = 1; i <= 20; i++) {
      win.setBounds({ x: 100 + i })
      timers.advance(50)
    }
    win.setBounds({ width: 900, height: 650 })
    expect(writes).toEqual([])
    timers.advance(499)
    expect(writes).toEqual([])
    timers.advance(1)
    expect(writes).toHaveLength(1)
    expect(onDisk()).toEqual({
      bounds: { x: 120, y: 100, width: 900, height: 650 },
      maximized: false,
      fullScreen: false
    })
  })

  test('maximised: the normal bounds are kept so un-maximising goes back to them', () => {
    const { timers, win } = setup()
    win.maximize()
    timers.advance(500)
    expect(onDisk()).toEqual({
      bounds: { x: 100, y: 100, width: 800, height: 600 },
      maximized: true,
      fullScreen: false
    })
  })

  test('closing saves at once, without waiting for the timer', () => {
    const { timers, win, writes } = setup()
    win.setBounds({ x: 300 })
    win.close()
    expect(writes).toHaveLength(1)
    expect(onDisk().bounds.x).toBe(300)
    expect(timers.pending).toBe(0)
  })

  test('an unchanged state is not written again', () => {
    const { timers, win, writes } = setup()
    win.setBounds({ x: 300 })
    timers.advance(500)
    win.setBounds({ x: 300 })
    timers.advance(500)
    win.close()
    expect(writes).toHaveLength(1)
  })

  test('untrack stops listening and writes what was pending', () => {
    const { win, writes, untrack } = setup()
    win.setBounds({ x: 400 })
    untrack()
    expect(writes).toHaveLength(1)
    expect(win.listenerCount('move') + win.listenerCount('close')).toBe(0)
  })
})

describe('createJsonFileStore', () => {
  test('a missing or corrupt file loads as undefined', () => {
    const store = createJsonFileStore(file)
    expect(store.load()).toBeUndefined()
    writeFileSync(file, '{"bounds": {')
    expect(store.load()).toBeUndefined()
  })
})

describe('window-state adapter (fake screen)', () => {
  test('restores what was saved, checked against the displays attached now', () => {
    fake.displays = [fakeDisplay(1, { x: 0, y: 0, width: 1440, height: 900 }, 25)]
    writeFileSync(
      file,
      JSON.stringify({ bounds: { x: 3000, y: 200, width: 1000, height: 700 }, maximized: true })
    )
    const state = createWindowState(dir)
    const initial = state.initial()
    expect(initial).toEqual({
      bounds: { x: 220, y: 113, width: 1000, height: 700 },
      maximized: true,
      fullScreen: false
    })

    const win = new BrowserWindow({ ...initial.bounds })
    const untrack = state.manage(win, initial)
    expect(win.isMaximized()).toBe(true)
    win.close()
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      bounds: { x: 220, y: 113, width: 1000, height: 700 },
      maximized: true,
      fullScreen: false
    })
    untrack()
  })

  test('the primary display is the fallback even when the system lists it second', () => {
    fake.displays = [
      fakeDisplay(1, { x: 0, y: 0, width: 1920, height: 1080 }),
      fakeDisplay(2, { x: -1280, y: 0, width: 1280, height: 1024 })
    ]
    writeFileSync(
      file,
      JSON.stringify({ bounds: { x: 9000, y: 0, width: 800, height: 600 }, maximized: false })
    )
    expect(createWindowState(dir).initial().bounds).toEqual({
      x: 560,
      y: 240,
      width: 800,
      height: 600
    })
  })
})
