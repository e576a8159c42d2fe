/** The part of Electron's `app` that single-instance handling needs (Electron's `app` fits). */
export interface InstanceLockPort {
  requestSingleInstanceLock(): boolean
  quit(): void
  on(event: 'second-instance', listener: () => void): unknown
}

/** The part of a BrowserWindow that bringing it forward needs. */
export interface RevealableWindow {
  isDestroyed(): boolean
  isMinimized(): boolean
  isVisible(): boolean
  restore(): void
  show(): void
  focus(): void
}

/**
 * Two running copies would both own the vault file and both try to bind the token endpoint, so
 * only the first launch keeps running. Later launches quit at once; the first one hears about them
 * and brings its window forward. Returns whether this process is the one that keeps running.
 */
export function claimSingleInstance(app: InstanceLockPort, onSecondLaunch: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return false
  }
  app.on('second-instance', onSecondLaunch)
  return true
}

/**
 * Brings the window forward, whatever state it is in: hidden to the tray, minimised or behind
 * other windows. Returns false when there is no live window, so the caller creates one.
 */
export function revealWindow(win: RevealableWindow | null | undefined): boolean {
  if (!win || win.isDestroyed()) return false
  if (win.isMinimized()) win.restore()
  if (!win.isVisible()) win.show()
  // show() alone does not raise an already-visible window above others on Windows.
  win.focus()
  return true
}
