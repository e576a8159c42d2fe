import {
  Menu,
  nativeImage,
  nativeTheme,
  Tray,
  type MenuItemConstructorOptions,
  type NativeImage
} from 'electron'
import type { PanelTheme } from '../tray/tray-icon'
import type { TrayAction, TrayMenuItem } from '../tray/tray-menu'
import type { TrayHandle, TrayService } from '../tray/tray-service'

/** Creates the native tray icon behind TrayService's `TrayHandle` port. */
export function createElectronTray(
  iconPath: string,
  platform: NodeJS.Platform = process.platform
): TrayHandle {
  const tray = new Tray(loadTrayImage(iconPath, platform))
  return {
    setImage: (path) => tray.setImage(loadTrayImage(path, platform)),
    setToolTip: (text) => tray.setToolTip(text),
    setMenu: (items, onAction) =>
      tray.setContextMenu(Menu.buildFromTemplate(toElectronMenu(items, onAction))),
    onClick: (listener) => void tray.on('click', listener),
    destroy: () => tray.destroy()
  }
}

/** Our plain menu items as Electron's template, with clicks routed to `onAction`. */
export function toElectronMenu(
  items: readonly TrayMenuItem[],
  onAction: (action: TrayAction) => void
): MenuItemConstructorOptions[] {
  return items.map((item) => {
    const options: MenuItemConstructorOptions = { type: item.type }
    if (item.id !== undefined) options.id = item.id
    if (item.label !== undefined) options.label = item.label
    if (item.checked !== undefined) options.checked = item.checked
    if (item.enabled !== undefined) options.enabled = item.enabled
    if (item.icon) options.icon = avatarImage(item.icon)
    if (item.submenu) options.submenu = toElectronMenu(item.submenu, onAction)
    const action = item.action
    if (action) options.click = () => onAction(action)
    return options
  })
}

/**
 * The panel colour the tray icon sits on. Windows reports its taskbar separately from the app
 * theme; Linux panels are dark on the common desktops (GNOME's top bar is always dark) whatever
 * the theme.
 */
export function panelTheme(platform: NodeJS.Platform = process.platform): PanelTheme {
  if (platform === 'win32')
    return nativeTheme.shouldUseDarkColorsForSystemIntegratedUI ? 'dark' : 'light'
  if (platform === 'linux') return 'dark'
  return nativeTheme.shouldUseDarkColors ? 'dark' : 'light'
}

/** Calls `listener` when the system theme changes (so the service can swap its icon). */
export function onThemeChanged(listener: () => void): () => void {
  nativeTheme.on('updated', listener)
  return () => nativeTheme.removeListener('updated', listener)
}

/**
 * For tests/e2e/real-app.test.ts only: when FEDIVAULT_E2E_PROBE=1, exposes what the tray shows on
 * the main process's global, because Electron offers no way to list trays from outside.
 */
export function exposeTrayProbe(service: TrayService, env = process.env): void {
  if (env.FEDIVAULT_E2E_PROBE !== '1') return
  ;(globalThis as Record<string, unknown>).__fedivaultTrayProbe = () => ({
    tooltip: service.tooltip,
    menu: service.menu
  })
}

function loadTrayImage(path: string, platform: NodeJS.Platform): NativeImage {
  const image = nativeImage.createFromPath(path)
  // The file name already says "Template"; set it explicitly so a renamed file still gets tinted.
  if (platform === 'darwin') image.setTemplateImage(true)
  return image
}

function avatarImage(path: string): NativeImage {
  return nativeImage.createFromPath(path).resize({ width: 16, height: 16, quality: 'best' })
}
