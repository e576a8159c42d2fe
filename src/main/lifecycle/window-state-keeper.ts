import type { Rect, WindowState } from './window-state'

/** The part of a BrowserWindow whose geometry is remembered (a BrowserWindow fits). */
export interface TrackedWindow {
  getNormalBounds(): Rect
  isMaximized(): boolean
  isFullScreen(): boolean
  on(event: TrackedEvent, listener: () => void): unknown
  removeListener(event: TrackedEvent, listener: () => void): unknown
}

export interface WindowStateStore {
  load(): unknown
  save(state: WindowState): void
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

const CHANGES = [
  'resize',
  'move',
  'maximize',
  'unmaximize',
  'enter-full-screen',
  'leave-full-screen'
] as const
type TrackedEvent = (typeof CHANGES)[number] | 'close'

export interface WindowStateKeeperOptions {
  store: WindowStateStore
  /** Dragging fires dozens of events a second; write once it settles. */
  delayMs?: number
  timers?: Timers
}

/**
 * Saves a window's size, position and maximised/full-screen state. Geometry is read when the event
 * fires (the window may be gone by the time the timer does), saved after a quiet period, and
 * saved at once on close so quitting mid-drag loses nothing. The *normal* bounds are stored, so a
 * window closed while maximised un-maximises to its previous size next time.
 */
export class WindowStateKeeper {
  readonly #store: WindowStateStore
  readonly #delayMs: number
  readonly #timers: Timers
  #pending: WindowState | undefined
  #timer: unknown
  #lastSaved: string | undefined

  constructor(options: WindowStateKeeperOptions) {
    this.#store = options.store
    this.#delayMs = options.delayMs ?? 500
    this.#timers = options.timers ?? {
      setTimeout: (cb, ms) => setTimeout(cb, ms),
      clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout)
    }
  }

  /** What was saved last time, unparsed: hand it to `initialWindowState`. */
  load(): unknown {
    try {
      return this.#store.load()
    } catch {
      return undefined
    }
  }

  /** Starts remembering `win`; returns a function that stops (and saves what is pending). */
  track(win: TrackedWindow): () => void {
    const onChange = () => this.#schedule(snapshot(win))
    const onClose = () => {
      this.#pending = snapshot(win)
      this.flush()
    }
    for (const event of CHANGES) win.on(event, onChange)
    win.on('close', onClose)
    return () => {
      for (const event of CHANGES) win.removeListener(event, onChange)
      win.removeListener('close', onClose)
      this.flush()
    }
  }

  /** Writes the pending state now, if there is one and it differs from what was last written. */
  flush(): void {
    if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer)
    this.#timer = undefined
    const state = this.#pending
    this.#pending = undefined
    if (!state) return
    const serialised = JSON.stringify(state)
    if (serialised === this.#lastSaved) return
    this.#store.save(state)
    this.#lastSaved = serialised
  }

  #schedule(state: WindowState): void {
    this.#pending = state
    if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer)
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = undefined
      this.flush()
    }, this.#delayMs)
  }
}

function snapshot(win: TrackedWindow): WindowState {
  const { x, y, width, height } = win.getNormalBounds()
  return {
    bounds: {
      x: Math.round(x),
      y: Math.round(y),
      width: Math.round(width),
      height: Math.round(height)
    },
    maximized: win.isMaximized(),
    fullScreen: win.isFullScreen()
  }
}
