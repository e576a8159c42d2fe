import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { beforeAll, expect, test } from 'vitest'

const root = resolve(import.meta.dirname, '../../..')
const out = (...p: string[]) => resolve(root, 'out', ...p)

beforeAll(() => {
  // scripts/test.mjs builds first; a bare vitest run builds here.
  if (!existsSync(out('renderer', 'index.html'))) {
    execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'ignore' })
  }
}, 120_000)

test('electron-vite build produces out/main, a single-file out/preload and out/renderer', () => {
  expect(existsSync(out('main', 'index.js'))).toBe(true)
  expect(readdirSync(out('preload'))).toEqual(['index.cjs'])
  const preload = readFileSync(out('preload', 'index.cjs'), 'utf8')
  // A sandboxed preload may require only electron itself.
  const requires = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])
  expect(new Set(requires)).toEqual(new Set(['electron']))
  const html = readFileSync(out('renderer', 'index.html'), 'utf8')
  expect(html).toContain('Content-Security-Policy')
  expect(html).toMatch(/<script type="module"[^>]+src="\.\/assets\//)
})
