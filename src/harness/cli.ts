import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { startHarness } from './harness'

// `npm run harness`: Fedivault without Electron, for tests and for machines without a display.
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string' },
    help: { type: 'boolean', short: 'h' }
  }
})
if (values.help) {
  console.log(`Usage: npm run harness -- [--data-dir DIR] [--port N]

Runs Fedivault's main-process services in Node and serves the app on 127.0.0.1.
Secrets are encrypted with a key file in the data directory (a test cipher, not the OS keychain).
Data directory: --data-dir, or FEDIVAULT_DATA_DIR, or ${defaultDataDir()}`)
  process.exit(0)
}

function defaultDataDir(): string {
  const base =
    process.platform === 'darwin'
      ? join(homedir(), 'Library', 'Application Support')
      : process.platform === 'win32'
        ? (process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'))
        : (process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'))
  // Separate from the desktop app's folder: the harness cipher is not the OS keychain.
  return join(base, 'Fedivault Harness')
}

const rendererDir = resolve(import.meta.dirname, '../../out/renderer')
if (!existsSync(join(rendererDir, 'index.html'))) {
  console.error('The renderer is not built yet. Run `npx electron-vite build` first.')
  process.exit(1)
}
const dataDir = resolve(values['data-dir'] ?? process.env.FEDIVAULT_DATA_DIR ?? defaultDataDir())
const harness = await startHarness({
  dataDir,
  port: values.port ? Number(values.port) : undefined,
  rendererDir
})
console.log(`Fedivault harness running. Data: ${dataDir}
Open: ${harness.url}
(The link carries this run's secret; press Ctrl+C to stop.)`)
const stop = async () => {
  await harness.close()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
