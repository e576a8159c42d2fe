import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startHarness, type Harness, type HarnessOptions } from '../../../src/harness/harness'
import { startSimulator, type Personality, type Simulator } from '../../sim'
import { openApp, type AppPage } from './app-page'
import { launchChromium, type LaunchedBrowser } from './browser'

export interface AppStack {
  dataDir: string
  harness: Harness
  sim: Simulator
  chromium: LaunchedBrowser
  app: AppPage
  close(): Promise<void>
}

/**
 * What every browser flow needs: a fresh data directory, the harness running the real services,
 * a simulated server, and Chromium showing the app. Closed in reverse order.
 */
export async function startAppStack(options: {
  name: string
  personality: Personality
  openExternal?: HarnessOptions['openExternal']
}): Promise<AppStack> {
  const dataDir = mkdtempSync(join(tmpdir(), `fedivault-e2e-${options.name}-`))
  const harness = await startHarness({
    dataDir,
    quiet: true,
    reverifyIntervalMs: 0,
    openExternal: options.openExternal ?? (() => undefined)
  })
  const sim = await startSimulator({ personality: options.personality })
  const chromium = await launchChromium()
  const app = await openApp(chromium.browser, harness.url)
  return {
    dataDir,
    harness,
    sim,
    chromium,
    app,
    async close() {
      await app.close()
      await chromium.close()
      await sim.close()
      await harness.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}
