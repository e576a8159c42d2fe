import { screen } from 'electron'
import { join } from 'node:path'
import { createJsonFileStore } from '../lifecycle/json-file-store'
import {
  initialWindowState,
  type DisplayArea,
  type InitialWindowState,
  type WindowDefaults,
  type WindowState
} from '../lifecycle/window-state'
import { WindowStateKeeper, type TrackedWindow } from '../lifecycle/window-state-keeper'

export const MAIN_WINDOW_DEFAULTS: WindowDefaults = {
  width: 960,
  height: 720,
  minWidth: 520,
  minHeight: 480
}

/** The attached displays, primary first (where a window with no home of its own goes). */
export function currentDisplays(): DisplayArea[] {
  const primary = screen.getPrimaryDisplay()
  const others = screen.getAllDisplays().filter((d) => d.id !== primary.id)
  return [primary, ...others].map((d) => ({ workArea: d.workArea }))
}

/** Window geometry kept in `<userData>/window-state.json`. Call after app 'ready' (screen needs it). */
export function createWindowState(userDataDir: string, defaults = MAIN_WINDOW_DEFAULTS) {
  const keeper = new WindowStateKeeper({
    store: createJsonFileStore<WindowState>(join(userDataDir, 'window-state.json'))
  })
  return {
    keeper,
    /** Bounds for the next window, checked against the displays attached right now. */
    initial: (): InitialWindowState =>
      initialWindowState(keeper.load(), currentDisplays(), defaults),
    /** Re-applies maximised/full-screen and starts remembering the window's geometry. */
    manage(
      win: TrackedWindow & { maximize(): void; setFullScreen(flag: boolean): void },
      initial: InitialWindowState
    ): () => void {
      if (initial.maximized) win.maximize()
      if (initial.fullScreen) win.setFullScreen(true)
      return keeper.track(win)
    }
  }
}
