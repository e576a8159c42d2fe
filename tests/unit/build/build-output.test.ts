import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { beforeAll, expect, test } from 'vitest'

const root = resolve(import.meta.dirname, '../../..')
const out = (...p: string[]) => resolve(root, 'out', ...p)

/** The newest modification time of these files and of any file under these directories. */
function newest(dirs: string[]): number {
  let latest = 0
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else latest = Math.max(latest, statSync(path).mtimeMs)
    }
  }
  for (const dir of dirs) {
    if (!existsSync(dir)) continue
    if (statSync(dir).isDirectory()) walk(dir)
    else latest = Math.max(latest, statSync(dir).mtimeMs)
  }
  return latest
}

const outputs = [
  out('main', 'index.js'),
  out('preload', 'index.cjs'),
  out('renderer', 'index.html')
]
const sources = ['main', 'preload', 'renderer', 'shared'].map((d) => resolve(root, 'src', d))

beforeAll(() => {
  // scripts/test.mjs builds first; a bare vitest run builds here when out/ is missing or older
  // than any source, so the checks below never look at a stale build.
  const built = outputs.every(existsSync) ? Math.min(...outputs.map((f) => statSync(f).mtimeMs)) : 0
  if (built < newest([...sources, resolve(root, 'electron.vite.config.ts')])) {
    execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'ignore' })
  }
}, 180_000)

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
