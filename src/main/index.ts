import { app, BrowserWindow, clipboard } from 'electron'
import { join } from 'node:path'
import { createMainApp, type MainApp, type Platform } from './composition/create-app'
import { aboutPanelOptions } from './lifecycle/about-panel'
import { consoleSink } from './logging/logger'
import { buildAppMenuTemplate } from './lifecycle/app-menu'
import { afterLastWindowClosed, guardWindowClose, QuitState } from './lifecycle/close-behaviour'
import { claimSingleInstance, revealWindow } from './lifecycle/single-instance'
import { installAboutPanel, installAppMenu, setDockVisible } from './platform/app-menu-adapter'
import { openElectronDocumentStore } from './platform/electron-document-store'
import { electronFileDialogs } from './platform/file-dialogs'
import { attachWindowEvents, registerIpc } from './platform/ipc-main'
import { createMainWindow, rendererPaths } from './platform/main-window'
import { createSafeStorageCipher } from './platform/safe-storage-cipher'
import { installSecurityGuards, openExternalSafely } from './platform/security'
import {
  createElectronTray,
  exposeTrayProbe,
  onThemeChanged,
  panelTheme
} from './platform/tray-adapter'
import {
  applyPasswordStoreChoice,
  createKeyringService,
  electronLoginItem,
  electronNotifier,
  restartApp,
  startedAtLogin
} from './platform/desktop-ports'
import { createWindowState } from './platform/window-state-adapter'
import { NotificationPreference } from './attention/notification-preference'
import { startDesktopTray } from './tray/desktop-tray'

// The thin Electron shell: it builds windows, the tray and the adapters, and hands everything
// else to plain TypeScript services (src/main/composition/create-app.ts) that are tested in Node.

let mainWindow: BrowserWindow | null = null
let mainApp: MainApp | null = null
let trayAvailable = false
// Started by the login item: the tray and script access only, and closing keeps it in the tray.
let startedHidden = false
const quit = new QuitState()
const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
const appOrigins = devUrl ? [new URL(devUrl).origin] : ['file://']
const resourcesDir = join(app.getAppPath(), 'resources')
// Before ready, or Electron ignores it: the Linux keyring chosen in Settings.
const passwordStore = applyPasswordStoreChoice(app.getPath('userData'))
const closeContext = () => ({
  platform: process.platform,
  closeToTray: (mainApp?.vault.getSettings().closeToTray ?? false) || startedHidden,
  trayAvailable,
  quitting: quit.quitting
})

function showWindow(): void {
  if (revealWindow(mainWindow)) return
  const windowState = createWindowState(app.getPath('userData'))
  const initial = windowState.initial()
  const win = createMainWindow({
    ...rendererPaths(join(import.meta.dirname, '..')),
    rendererUrl: devUrl,
    bounds: initial.bounds,
    icon: join(resourcesDir, 'icon.png')
  })
  mainWindow = win
  windowState.manage(win, initial)
  guardWindowClose(win, { context: closeContext, setDock: setDockVisible })
  if (mainApp) attachWindowEvents(mainApp.events, win)
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null
  })
}

async function onReady(): Promise<void> {
  installSecurityGuards()
  if (process.platform === 'win32') app.setAppUserModelId('app.fedivault.desktop')
  const dataDir = app.getPath('userData')
  startedHidden = startedAtLogin()
  // Checked before the vault opens: a chosen keyring that still gave basic_text is dropped.
  const keyring = createKeyringService(dataDir, passwordStore)
  const keyringFailure = keyring.settle()
  const notifications = new NotificationPreference(dataDir)
  const notifier = electronNotifier()
  const platform: Platform = {
    name: app.getName(),
    version: app.getVersion(),
    os: process.platform,
    harness: false,
    dataDir,
    // Created after 'ready': before it, Linux reports the keyring backend as unknown.
    cipher: createSafeStorageCipher(),
    store: openElectronDocumentStore(dataDir),
    openExternal: openExternalSafely,
    writeClipboard: (text) => clipboard.writeText(text),
    dialogs: electronFileDialogs(() => mainWindow),
    logSink: consoleSink,
    desktop: {
      loginItem: electronLoginItem(),
      notifications,
      notificationsSupported: notifier.supported,
      keyring,
      restart: restartApp,
      notices: keyringFailure
        ? [{ level: 'warning', code: 'keyring_not_found', message: keyringFailure }]
        : []
    }
  }
  const main = await createMainApp(platform)
  mainApp = main
  registerIpc(main.dispatch, main.events, () => mainWindow, appOrigins)

  const { tray, navigate } = startDesktopTray({
    vault: main.vault,
    scriptAccessEnabled: () => main.scriptAccess.status().enabled,
    dispatch: main.dispatch,
    events: main.events,
    dataDir,
    resourcesDir,
    platform: process.platform,
    createTray: (iconPath) => createElectronTray(iconPath),
    panelTheme: () => panelTheme(),
    onThemeChanged,
    showWindow,
    quit: () => app.quit(),
    notify: notifier.notify,
    notificationsEnabled: () => notifications.enabled
  })
  trayAvailable = true
  exposeTrayProbe(tray)
  app.on('before-quit', () => tray.stop())

  installAppMenu(
    buildAppMenuTemplate({
      platform: process.platform,
      appName: app.getName(),
      isPackaged: app.isPackaged
    }),
    (action) => navigate(action.to)
  )
  installAboutPanel(
    aboutPanelOptions({
      appName: app.getName(),
      version: app.getVersion(),
      platform: process.platform,
      iconPath: join(resourcesDir, 'icon.png'),
      year: new Date().getFullYear()
    })
  )
  if (startedHidden) setDockVisible(false)
  else showWindow()
  // macOS: clicking the dock icon with no window open shows one again.
  app.on('activate', showWindow)
}

// A second launch focuses the window we already have instead of opening the vault twice.
if (claimSingleInstance(app, () => void app.whenReady().then(showWindow))) {
  quit.listen(app)
  void app.whenReady().then(onReady)
  app.on('window-all-closed', () => {
    if (afterLastWindowClosed(closeContext()) === 'quit') app.quit()
  })
  // Electron ends the process right after will-quit: hold it until the services have closed (the
  // endpoint's port and endpoint.json), then exit.
  app.on('will-quit', (event) => {
    const closing = mainApp
    if (!closing) return
    mainApp = null
    event.preventDefault()
    void closing.close().finally(() => app.exit(0))
  })
}
