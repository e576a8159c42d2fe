import { existsSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'
import type { TestProject } from 'vitest/node'
import { launchChromium, resolveTestBrowser } from './support/browser'

// Runs once per test run, before any e2e file: builds the renderer bundle the tests serve (when a
// bare `vitest --project e2e` runs without `npm test` having built it), then picks the browser,
// checks that it starts, says which one it is, and hands it to every test file.
export default async function setup(project: TestProject): Promise<void> {
  const root = resolve(__dirname, '../..')
  if (!existsSync(resolve(root, 'out/renderer/index.html'))) {
    execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' })
  }
  const testBrowser = resolveTestBrowser()
  const launched = await launchChromium(testBrowser)
  const version = launched.browser.version()
  await launched.close()
  console.log(
    `e2e browser: Chromium ${version} from ${testBrowser.origin}: ${testBrowser.executablePath}`
  )
  project.provide('testBrowser', testBrowser)
}
