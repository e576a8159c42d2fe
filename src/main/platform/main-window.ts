import { BrowserWindow } from 'electron'
import { join } from 'node:path'

export interface MainWindowOptions {
  preloadPath: string
  rendererUrl?: string
  rendererFile: string
  bounds?: { x?: number; y?: number; width: number; height: number }
  icon?: string
}

/** The one window. Every security-relevant webPreference is spelled out, not left to defaults. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: options.bounds?.width ?? 960,
    height: options.bounds?.height ?? 720,
    x: options.bounds?.x,
    y: options.bounds?.y,
    minWidth: 520,
    minHeight: 480,
    show: false,
    title: 'Fedivault',
    icon: options.icon,
    autoHideMenuBar: process.platform !== 'darwin',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false
    }
  })
  win.once('ready-to-show', () => win.show())
  if (options.rendererUrl) void win.loadURL(options.rendererUrl)
  else void win.loadFile(options.rendererFile)
  return win
}

export const rendererPaths = (outDir: string) => ({
  preloadPath: join(outDir, 'preload/index.cjs'),
  rendererFile: join(outDir, 'renderer/index.html')
})
