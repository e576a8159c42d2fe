import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  BUDGET_BYTES,
  measureFirstScreen,
  PRELOAD_BUDGET_BYTES,
  preloadFileFor
} from '../../../scripts/bundle-size.mjs'

const root = resolve(import.meta.dirname, '../../..')
const rendererDir = resolve(root, 'out/renderer')

beforeAll(() => {
  // scripts/test.mjs builds first; a bare vitest run builds here.
  if (!existsSync(resolve(rendererDir, 'index.html'))) {
    execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'ignore' })
  }
}, 120_000)

describe('first screen bundle size', () => {
  test('the production renderer stays within 200 KB of gzipped JavaScript', () => {
    const { files, gzipBytes } = measureFirstScreen(rendererDir)
    expect(files.length).toBeGreaterThan(0)
    expect(gzipBytes).toBeGreaterThan(10 * 1024) // it did measure React, not an empty file
    expect(gzipBytes).toBeLessThanOrEqual(BUDGET_BYTES)
  })

  test('the preload stays under 20 KB: channel names only, no zod schemas', () => {
    const preload = preloadFileFor(rendererDir)
    expect(preload).toBe(resolve(root, 'out/preload/index.cjs'))
    const text = readFileSync(preload, 'utf8')
    expect(text).toContain('"accounts:list"') // it did measure the preload's api, not an empty file
    expect(text).not.toMatch(/ZodError|safeParse/)
    expect(statSync(preload).size).toBeLessThanOrEqual(PRELOAD_BUDGET_BYTES)
  })

  describe('the measurement', () => {
    let dir: string
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'fedivault-size-'))
      mkdirSync(join(dir, 'assets'))
      // Random bytes do not compress: 250 KB stays about 250 KB gzipped.
      writeFileSync(join(dir, 'assets', 'big.js'), randomBytes(250 * 1024))
      writeFileSync(join(dir, 'assets', 'vendor.js'), 'export const x = 1\n')
      writeFileSync(join(dir, 'assets', 'lazy.js'), randomBytes(50 * 1024))
      writeFileSync(
        join(dir, 'index.html'),
        '<script type="module" crossorigin src="./assets/big.js"></script>' +
          '<link rel="modulepreload" crossorigin href="./assets/vendor.js">' +
          '<link rel="stylesheet" href="./assets/index.css">'
      )
    })
    afterAll(() => rmSync(dir, { recursive: true, force: true }))

    test('counts module scripts and preloads, not lazy chunks, and catches an overweight build', () => {
      const { files, gzipBytes } = measureFirstScreen(dir)
      expect(files.map((f) => f.file)).toEqual(['./assets/big.js', './assets/vendor.js'])
      expect(gzipBytes).toBeGreaterThan(BUDGET_BYTES)
    })
  })
})
