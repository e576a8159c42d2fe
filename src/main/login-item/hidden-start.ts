/** The argument the login item starts Fedivault with: tray and script access, no window. */
export const HIDDEN_ARG = '--hidden'

/** What macOS says about how the app was started (`app.getLoginItemSettings()`). */
export interface LaunchFacts {
  wasOpenedAtLogin?: boolean
  wasOpenedAsHidden?: boolean
}

/**
 * Whether this start came from the login item. Windows and Linux pass `--hidden`; macOS passes no
 * arguments to login items, but says so itself (`wasOpenedAsHidden` before macOS 13,
 * `wasOpenedAtLogin` since).
 */
export function isHiddenStart(options: {
  platform: NodeJS.Platform
  argv: readonly string[]
  launch: () => LaunchFacts
}): boolean {
  if (options.argv.includes(HIDDEN_ARG)) return true
  if (options.platform !== 'darwin') return false
  const facts = options.launch()
  return facts.wasOpenedAsHidden === true || facts.wasOpenedAtLogin === true
}
