import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** What electron-vite builds from: a change to any of these makes out/ stale. */
const SOURCES = [
  'src',
  'electron.vite.config.ts',
  'package.json',
  'tsconfig.node.json',
  'tsconfig.web.json'
]
const OUTPUTS = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']

function newestSource(path: string): number {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestSource(join(path, name))))
}

export function buildIsFresh(root: string): boolean {
  const outputs = OUTPUTS.map((p) => join(root, p))
  if (!outputs.every((p) => existsSync(p))) return false
  const built = Math.min(...outputs.map((p) => statSync(p).mtimeMs))
  return SOURCES.every((p) => !existsSync(join(root, p)) || newestSource(join(root, p)) <= built)
}

/**
 * Runs `electron-vite build` when out/ is missing or older than the sources (`npm test` builds
 * before vitest, so there it is fresh already). Test files run in parallel: a lock directory keeps
 * two of them from building into out/ at once, and the second finds the first one's build fresh.
 */
export async function ensureFreshBuild(root: string): Promise<'fresh' | 'built'> {
  if (buildIsFresh(root)) return 'fresh'
  const lock = join(root, 'node_modules', '.cache', 'fedivault-build.lock')
  mkdirSync(join(lock, '..'), { recursive: true })
  for (;;) {
    try {
      mkdirSync(lock)
      break
    } catch {
      // Held by another test file; a lock older than a build can take is left over from a crash.
      const held = statSync(lock, { throwIfNoEntry: false })
      if (held && Date.now() - held.mtimeMs > 300_000)
        rmSync(lock, { recursive: true, force: true })
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
  try {
    if (buildIsFresh(root)) return 'fresh'
    execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'ignore' })
    return 'built'
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}
