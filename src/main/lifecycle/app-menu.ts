/** Roles this menu uses; Electron implements each natively (shortcuts, labels, behaviour). */
export type AppMenuRole =
  | 'about'
  | 'services'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'pasteAndMatchStyle'
  | 'delete'
  | 'selectAll'
  | 'reload'
  | 'forceReload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'minimize'
  | 'zoom'
  | 'front'
  | 'close'
  | 'window'
  | 'help'

/** Our own items: the adapter shows the window and sends `app:navigate` with `to`. */
export type AppMenuAction = { kind: 'navigate'; to: 'add-account' | 'settings' }

export interface AppMenuItem {
  label?: string
  role?: AppMenuRole
  type?: 'separator'
  accelerator?: string
  action?: AppMenuAction
  submenu?: AppMenuItem[]
}

export interface AppMenuInput {
  platform: NodeJS.Platform
  appName: string
  /** Release builds leave out reload and the developer tools. */
  isPackaged: boolean
}

const separator: AppMenuItem = { type: 'separator' }
const role = (r: AppMenuRole): AppMenuItem => ({ role: r })

/** The application menu as plain data, for Menu.buildFromTemplate via the adapter. */
export function buildAppMenuTemplate(input: AppMenuInput): AppMenuItem[] {
  const mac = input.platform === 'darwin'
  const addAccount: AppMenuItem = {
    label: 'Add Account…',
    accelerator: 'CmdOrCtrl+N',
    action: { kind: 'navigate', to: 'add-account' }
  }
  const settings: AppMenuItem = {
    label: mac ? 'Settings…' : 'Settings',
    accelerator: 'CmdOrCtrl+,',
    action: { kind: 'navigate', to: 'settings' }
  }

  const appMenu: AppMenuItem = {
    label: input.appName,
    submenu: [
      role('about'),
      separator,
      settings,
      separator,
      role('services'),
      separator,
      role('hide'),
      role('hideOthers'),
      role('unhide'),
      separator,
      role('quit')
    ]
  }
  const fileMenu: AppMenuItem = {
    label: 'File',
    submenu: mac
      ? [addAccount, separator, role('close')]
      : [addAccount, settings, separator, role('quit')]
  }
  const editMenu: AppMenuItem = {
    label: 'Edit',
    submenu: [
      role('undo'),
      role('redo'),
      separator,
      role('cut'),
      role('copy'),
      role('paste'),
      ...(mac ? [role('pasteAndMatchStyle')] : []),
      role('delete'),
      separator,
      role('selectAll')
    ]
  }
  // Developer tools in a release build turn "paste this into the console" scams into a
  // one-shortcut affair, next to a window that can ask for tokens.
  const developer = input.isPackaged
    ? []
    : [role('reload'), role('forceReload'), role('toggleDevTools'), separator]
  const viewMenu: AppMenuItem = {
    label: 'View',
    submenu: [
      ...developer,
      role('resetZoom'),
      role('zoomIn'),
      role('zoomOut'),
      separator,
      role('togglefullscreen')
    ]
  }
  const windowMenu: AppMenuItem = mac
    ? {
        label: 'Window',
        role: 'window',
        submenu: [role('minimize'), role('zoom'), separator, role('front')]
      }
    : { label: 'Window', submenu: [role('minimize'), role('close')] }
  const helpMenu: AppMenuItem = { label: 'Help', role: 'help', submenu: [role('about')] }

  return mac
    ? [appMenu, fileMenu, editMenu, viewMenu, windowMenu]
    : [fileMenu, editMenu, viewMenu, windowMenu, helpMenu]
}
