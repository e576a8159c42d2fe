import { join } from 'node:path'

export type PanelTheme = 'light' | 'dark'

/**
 * Which tray image to load from `resources/`. macOS gets a template image (black + alpha) that the
 * menu bar tints itself; elsewhere the panel's colour decides, so the glyph never disappears into
 * a panel of the same shade. Electron picks the `@2x` file next to each on high-DPI screens.
 */
export function trayIconFile(platform: NodeJS.Platform, panel: PanelTheme): string {
  if (platform === 'darwin') return 'trayTemplate.png'
  return panel === 'dark' ? 'tray-on-dark.png' : 'tray-on-light.png'
}

export function trayIconPath(
  resourcesDir: string,
  platform: NodeJS.Platform,
  panel: PanelTheme
): string {
  return join(resourcesDir, trayIconFile(platform, panel))
}
