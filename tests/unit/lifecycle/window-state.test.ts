import { describe, expect, test } from 'vitest'
import { initialWindowState, type DisplayArea } from '../../../src/main/lifecycle/window-state'

const defaults = { width: 960, height: 720, minWidth: 520, minHeight: 480 }
// A laptop with a menu bar, and an external monitor to its right.
const laptop: DisplayArea = { workArea: { x: 0, y: 25, width: 1440, height: 875 } }
const monitor: DisplayArea = { workArea: { x: 1440, y: 0, width: 2560, height: 1440 } }
const saved = (x: number, y: number, width: number, height: number, extra = {}) => ({
  bounds: { x, y, width, height },
  maximized: false,
  ...extra
})

describe('initialWindowState', () => {
  test('nothing saved: default size, position left to the system', () => {
    expect(initialWindowState(undefined, [laptop], defaults)).toEqual({
      bounds: { width: 960, height: 720 },
      maximized: false,
      fullScreen: false
    })
  })

  test.each([
    ['not an object', 'garbage'],
    ['missing bounds', { maximized: true }],
    ['non-numeric size', saved(0, 0, 'wide' as unknown as number, 500)],
    ['zero size', saved(0, 0, 0, 0)],
    ['absurd coordinates', saved(1e9, 0, 800, 600)]
  ])('corrupt state (%s) falls back to the defaults', (_name, value) => {
    expect(initialWindowState(value, [laptop], defaults).bounds).toEqual({
      width: 960,
      height: 720
    })
  })

  test('a window that fits where it was is restored exactly', () => {
    expect(
      initialWindowState(saved(100, 80, 1000, 700, { maximized: true }), [laptop], defaults)
    ).toEqual({
      bounds: { x: 100, y: 80, width: 1000, height: 700 },
      maximized: true,
      fullScreen: false
    })
  })

  test('on the second monitor it stays on the second monitor', () => {
    expect(
      initialWindowState(saved(2000, 300, 1200, 900), [laptop, monitor], defaults).bounds
    ).toEqual({
      x: 2000,
      y: 300,
      width: 1200,
      height: 900
    })
  })

  test('the monitor was unplugged: brought to the primary display, centred', () => {
    expect(initialWindowState(saved(2000, 300, 1200, 800), [laptop], defaults).bounds).toEqual({
      x: 120,
      y: 63,
      width: 1200,
      height: 800
    })
  })

  test('hanging off an edge: moved fully inside the display it mostly sits on', () => {
    expect(initialWindowState(saved(1000, -200, 800, 600), [laptop], defaults).bounds).toEqual({
      x: 640,
      y: 25,
      width: 800,
      height: 600
    })
  })

  test('straddling two displays: kept on the one with the larger share', () => {
    const { bounds } = initialWindowState(saved(1300, 100, 1000, 700), [laptop, monitor], defaults)
    expect(bounds).toEqual({ x: 1440, y: 100, width: 1000, height: 700 })
  })

  test('larger than the screen now (resolution dropped): shrunk to the work area', () => {
    expect(initialWindowState(saved(0, 0, 2500, 1400), [laptop], defaults).bounds).toEqual({
      x: 0,
      y: 25,
      width: 1440,
      height: 875
    })
  })

  test('smaller than the minimum (hand-edited file): grown to the minimum', () => {
    const { bounds } = initialWindowState(saved(10, 40, 100, 100), [laptop], defaults)
    expect(bounds).toMatchObject({ width: 520, height: 480 })
  })

  test('every restored window lies fully inside some display', () => {
    const displays = [laptop, monitor]
    for (const [x, y, w, h] of [
      [-5000, -5000, 800, 600],
      [3900, 1400, 900, 900],
      [1439, 899, 5000, 5000],
      [700, 400, 520, 480]
    ] as const) {
      const { bounds } = initialWindowState(saved(x, y, w, h), displays, defaults)
      const inside = displays.some(
        ({ workArea: a }) =>
          bounds.x! >= a.x &&
          bounds.y! >= a.y &&
          bounds.x! + bounds.width <= a.x + a.width &&
          bounds.y! + bounds.height <= a.y + a.height
      )
      expect(inside, JSON.stringify({ x, y, w, h, bounds })).toBe(true)
    }
  })

  test('no displays reported: defaults', () => {
    expect(initialWindowState(saved(0, 0, 800, 600), [], defaults).bounds).toEqual({
      width: 960,
      height: 720
    })
  })
})
