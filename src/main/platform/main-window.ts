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
export function createMainWindow(o: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: o.bounds?.width ?? 960,
    height: o.bounds?.height ?? 720,
    x: o.bounds?.x,
    y: o.bounds?.y,
    minWidth: 520,
    minHeight: 480,
    show: false,
    title: 'Fedivault',
    icon: o.icon,
    autoHideMenuBar: process.platform !== 'darwin',
    webPreferences: {
      preload: o.preloadPath,
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
  if (o.rendererUrl) void win.loadURL(o.rendererUrl)
  else void win.loadFile(o.rendererFile)
  return win
}

export const rendererPaths = (outDir: string) => ({
  preloadPath: join(outDir, 'preload/index.cjs'),
  rendererFile: join(outDir, 'renderer/index.html')
})
