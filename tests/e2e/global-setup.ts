import { existsSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'

// The e2e tests serve the production renderer bundle; build it when a bare `vitest --project e2e`
// runs without `npm test` having built it first.
export default function setup(): void {
  const root = resolve(__dirname, '../..')
  if (!existsSync(resolve(root, 'out/renderer/index.html'))) {
    execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' })
  }
}
