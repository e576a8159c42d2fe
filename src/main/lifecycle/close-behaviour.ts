export interface CloseContext {
  platform: NodeJS.Platform
  /** The "keep running in the tray when the window is closed" setting. */
  closeToTray: boolean
  /** Whether a tray icon exists to come back through (some Linux desktops have none). */
  trayAvailable: boolean
  /** Set once the user chose Quit (menu, tray, Cmd+Q, system shutdown). */
  quitting: boolean
}

/**
 * What closing the window does. Hiding keeps the renderer (and whatever was typed) for the next
 * open; closing frees it. Without a tray to reopen from, hiding would strand an invisible app,
 * so the setting only applies when the tray exists.
 */
export function closeAction(ctx: CloseContext): 'hide' | 'close' {
  if (ctx.quitting) return 'close'
  return ctx.closeToTray && ctx.trayAvailable ? 'hide' : 'close'
}

/**
 * What happens once no window is left. macOS apps conventionally stay in the dock; elsewhere the
 * app keeps running only if the tray is there to bring it back.
 */
export function afterLastWindowClosed(ctx: CloseContext): 'quit' | 'stay' {
  if (ctx.quitting) return 'quit'
  if (ctx.platform === 'darwin') return 'stay'
  return ctx.closeToTray && ctx.trayAvailable ? 'stay' : 'quit'
}

/**
 * macOS dock icon. With close-to-tray on and the window hidden, Fedivault behaves like a menu-bar
 * app: no dock icon, no Cmd+Tab entry. Otherwise the dock icon stays, as macOS users expect.
 * `undefined` on other platforms, which have no dock.
 */
export function dockIcon(
  ctx: Pick<CloseContext, 'platform' | 'closeToTray' | 'trayAvailable'> & { windowVisible: boolean }
): 'show' | 'hide' | undefined {
  if (ctx.platform !== 'darwin') return undefined
  return ctx.closeToTray && ctx.trayAvailable && !ctx.windowVisible ? 'hide' : 'show'
}

/** The part of BrowserWindow the close guard needs (a BrowserWindow fits). */
export interface ClosableWindow {
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown
  on(event: 'show' | 'hide', listener: () => void): unknown
  hide(): void
  isVisible(): boolean
}

export interface CloseGuardOptions {
  context: () => CloseContext
  /** Called with the dock decision whenever the window is shown or hidden (macOS only). */
  setDock?: (visible: boolean) => void
}

/**
 * Applies `closeAction` to a window's close button and keeps the macOS dock icon in step with the
 * window's visibility.
 */
export function guardWindowClose(win: ClosableWindow, options: CloseGuardOptions): void {
  win.on('close', (event) => {
    if (closeAction(options.context()) === 'hide') {
      event.preventDefault()
      win.hide()
    }
  })
  const syncDock = () => {
    const decision = dockIcon({ ...options.context(), windowVisible: win.isVisible() })
    if (decision && options.setDock) options.setDock(decision === 'show')
  }
  win.on('show', syncDock)
  win.on('hide', syncDock)
}

/**
 * Remembers that quitting has begun, so the close guard lets the window go. Electron emits
 * `before-quit` before it closes windows, for every way of quitting.
 */
export class QuitState {
  #quitting = false

  get quitting(): boolean {
    return this.#quitting
  }

  listen(app: { on(event: 'before-quit', listener: () => void): unknown }): void {
    app.on('before-quit', () => {
      this.#quitting = true
    })
  }
}
