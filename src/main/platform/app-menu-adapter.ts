import { app, Menu, type MenuItemConstructorOptions } from 'electron'
import type { AboutPanelOptions } from '../lifecycle/about-panel'
import type { AppMenuAction, AppMenuItem } from '../lifecycle/app-menu'

/** Installs the application menu built by `buildAppMenuTemplate`. */
export function installAppMenu(
  items: readonly AppMenuItem[],
  onAction: (action: AppMenuAction) => void
): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(toElectronAppMenu(items, onAction)))
}

export function toElectronAppMenu(
  items: readonly AppMenuItem[],
  onAction: (action: AppMenuAction) => void
): MenuItemConstructorOptions[] {
  return items.map((item) => {
    const options: MenuItemConstructorOptions = {}
    if (item.type) options.type = item.type
    if (item.role) options.role = item.role
    if (item.label !== undefined) options.label = item.label
    if (item.accelerator) options.accelerator = item.accelerator
    if (item.submenu) options.submenu = toElectronAppMenu(item.submenu, onAction)
    const action = item.action
    if (action) options.click = () => onAction(action)
    return options
  })
}

export function installAboutPanel(options: AboutPanelOptions): void {
  app.setAboutPanelOptions(options)
}

/** macOS dock icon on/off (no-op elsewhere). */
export function setDockVisible(visible: boolean): void {
  if (!app.dock) return
  if (visible) void app.dock.show()
  else app.dock.hide()
}
