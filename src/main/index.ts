import { app, BrowserWindow, clipboard } from 'electron'
import { join } from 'node:path'
import { createMainApp, type MainApp, type Platform } from './app/create-app'
import { attachWindowEvents, registerIpc } from './platform/ipc-main'
import { createMainWindow, rendererPaths } from './platform/main-window'
import { installSecurityGuards, openExternalSafely } from './platform/security'

// The thin Electron shell: everything it calls is plain TypeScript tested in Node.

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  let mainWindow: BrowserWindow | null = null
  let mainApp: MainApp | null = null
  const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
  const appOrigins = devUrl ? [new URL(devUrl).origin] : ['file://']

  const showWindow = () => {
    if (!mainWindow || mainWindow.isDestroyed()) {
      mainWindow = createMainWindow({
        ...rendererPaths(join(import.meta.dirname, '..')),
        rendererUrl: devUrl
      })
      if (mainApp) attachWindowEvents(mainApp.events, mainWindow)
      mainWindow.on('closed', () => (mainWindow = null))
    }
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.show()
    mainWindow.focus()
  }

  // A second launch focuses the window we already have instead of starting another vault.
  app.on('second-instance', showWindow)

  void app.whenReady().then(async () => {
    installSecurityGuards()
    const platform: Platform = {
      name: app.getName(),
      version: app.getVersion(),
      platform: process.platform,
      harness: false,
      dataDir: app.getPath('userData'),
      openExternal: openExternalSafely,
      writeClipboard: (text) => clipboard.writeText(text),
      log: {
        info: (m, f) => console.log(`[info] ${m}`, f ?? ''),
        warn: (m, f) => console.warn(`[warn] ${m}`, f ?? ''),
        error: (m, f) => console.error(`[error] ${m}`, f ?? '')
      }
    }
    mainApp = await createMainApp(platform)
    registerIpc(mainApp.dispatch, mainApp.events, () => mainWindow, appOrigins)
    showWindow()
    // macOS: clicking the dock icon with no window open shows one again.
    app.on('activate', showWindow)
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', () => void mainApp?.close())
}
