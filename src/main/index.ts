import { app, BrowserWindow, clipboard } from 'electron'
import axios from 'axios'
import { join } from 'node:path'
import { createMainApp, type MainApp, type Platform } from './app/create-app'
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
import { createWindowState } from './platform/window-state-adapter'
import {
  applyPasswordStoreChoice,
  createKeyringService,
  electronLoginItem,
  electronNotifier,
  restartApp,
  startedAtLogin
} from './platform/desktop-ports'
import { AttentionService } from './attention/attention-service'
import { NotificationPreference } from './attention/notification-preference'
import { reauthFromTray, trayIconFor } from './attention/tray-attention'
import { AvatarCache } from './tray/avatar-cache'
import { trayActionHandler } from './tray/tray-actions'
import { TrayService } from './tray/tray-service'
import { TrayStateStore } from './tray/tray-state-store'

// The thin Electron shell: it builds windows, the tray and the adapters, and hands everything
// else to plain TypeScript services (src/main/app/create-app.ts) that are tested in Node.

let mainWindow: BrowserWindow | null = null
let mainApp: MainApp | null = null
let closeToTray = false
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
  closeToTray: closeToTray || startedHidden,
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

  // Tray: fed from the vault, acting through the same validated dispatch the renderer uses.
  const trayState = new TrayStateStore()
  const avatars = new AvatarCache({ dir: join(dataDir, 'avatars'), http: axios.create() })
  const feed = () => {
    const state = main.vault.list()
    trayState.setAccounts(state)
    void avatars.prune(state.accounts.flatMap((a) => (a.avatar ? [a.avatar] : [])))
  }
  const settingsFeed = () => {
    const s = main.vault.getSettings()
    trayState.setScriptAccess(main.scriptAccess.status().enabled)
    closeToTray = s.closeToTray
  }
  main.vault.on('changed', feed)
  main.vault.on('settings', settingsFeed)
  feed()
  settingsFeed()
  /** Tray actions go through the same validated dispatch as the renderer's; a refusal throws. */
  const dispatchOrThrow = async (
    channel: 'accounts:switch' | 'scriptAccess:set',
    request: unknown
  ) => {
    const result = await main.dispatch(channel, request)
    if (!result.ok) throw new Error(result.error.message)
  }
  const navigate = (to: 'accounts' | 'add-account' | 'settings') => {
    showWindow()
    main.events.emit('app:navigate', { to })
  }
  const openSignIn = (accountId: string) => {
    showWindow()
    main.events.emit('app:navigate', { to: 'accounts', accountId, action: 'reauth' })
  }
  const attention = new AttentionService({
    notify: notifier.notify,
    enabled: () => notifications.enabled,
    openSignIn,
    onCount: () => tray.refreshIcon()
  })
  const tray = new TrayService({
    createTray: (iconPath) => createElectronTray(iconPath),
    source: trayState,
    platform: process.platform,
    avatars,
    iconPath: () => trayIconFor(resourcesDir, process.platform, panelTheme(), attention.count > 0),
    dispatch: reauthFromTray(
      trayActionHandler({
        switchAccount: (id) => dispatchOrThrow('accounts:switch', { id }),
        setScriptAccess: (enabled) => dispatchOrThrow('scriptAccess:set', { enabled }),
        showWindow,
        navigate,
        quit: () => app.quit()
      }),
      {
        status: (id) => main.vault.list().accounts.find((a) => a.id === id)?.status,
        openSignIn,
        restoreMenu: () => trayState.setAccounts(main.vault.list())
      }
    )
  })
  main.vault.on('changed', (state) => attention.update(state))
  // The state at start is the baseline: what already needed sign-in is counted, not announced.
  attention.update(main.vault.list())
  tray.start()
  trayAvailable = true
  onThemeChanged(() => tray.refreshIcon())
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
