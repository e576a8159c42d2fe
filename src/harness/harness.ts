import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { createMainApp, type MainApp, type Platform } from '../main/composition/create-app'
import { consoleSink } from '../main/logging/logger'
import { openNodeDocumentStore } from '../main/vault'
import { FileKeyCipher } from './file-key-cipher'
import { startHarnessServer, type HarnessServer } from './server'

export interface HarnessOptions {
  dataDir: string
  port?: number
  rendererDir?: string
  /** Where "open in browser" goes; by default the URL is printed for the person to open. */
  openExternal?: (url: string) => void | Promise<void>
  writeClipboard?: (text: string) => void
  quiet?: boolean
  /** Background re-verification interval; tests pass 0. */
  reverifyIntervalMs?: number
  /** Start at login, notifications, the keyring choice (by default: none can be changed). */
  desktop?: Platform['desktop']
}

export interface Harness extends HarnessServer {
  app: MainApp
  platform: Platform
}

const ROOT = resolve(import.meta.dirname, '../..')

/** The real main-process services in plain Node, with the renderer served to a browser. */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 })
  const say = (line: string) => {
    if (!options.quiet) console.log(line)
  }
  const platform: Platform = {
    name: 'Fedivault',
    version: process.env.npm_package_version ?? '0.1.0',
    os: process.platform,
    harness: true,
    dataDir: options.dataDir,
    // safeStorage exists only inside Electron: the harness uses a key file, and says so in Settings.
    cipher: new FileKeyCipher(options.dataDir),
    store: openNodeDocumentStore(options.dataDir),
    reverifyIntervalMs: options.reverifyIntervalMs,
    ...(options.desktop ? { desktop: options.desktop } : {}),
    openExternal: async (url) => {
      if (options.openExternal) await options.openExternal(url)
      else say(`Open this URL in your browser to continue:\n  ${url}`)
    },
    writeClipboard: (text) => options.writeClipboard?.(text),
    logSink: (level, scope, message, fields) => {
      if (level !== 'info' || !options.quiet) consoleSink(level, scope, message, fields)
    }
  }
  const app = await createMainApp(platform)
  const server = await startHarnessServer({
    target: app,
    rendererDir: options.rendererDir ?? resolve(ROOT, 'out/renderer'),
    port: options.port
  })
  return {
    ...server,
    app,
    platform,
    async close() {
      await server.close()
      await app.close()
    }
  }
}
