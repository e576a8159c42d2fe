#!/usr/bin/env node
// The one test command (README, CI): typecheck, lint, production build, then every vitest test
// (unit + browser end-to-end). Each static check counts as one test; the last line is the summary.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const checks = [
  ['typecheck (node)', [npx, 'tsc', '--noEmit', '-p', 'tsconfig.node.json']],
  ['typecheck (web)', [npx, 'tsc', '--noEmit', '-p', 'tsconfig.web.json']],
  ['typecheck (e2e tests)', [npx, 'tsc', '--noEmit', '-p', 'tsconfig.e2e.json']],
  ['typecheck (renderer tests)', [npx, 'tsc', '--noEmit', '-p', 'tsconfig.renderer-tests.json']],
  // The same command as `npm run lint` (eslint, dependency-cruiser's layer rules, knip).
  ['lint', [npm, 'run', '--silent', 'lint']],
  ['build', [npx, 'electron-vite', 'build']]
]

let passed = 0
let failed = 0
let skipped = 0
for (const [name, [command, ...args]] of checks) {
  const started = Date.now()
  const run = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' })
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  if (run.status === 0) {
    passed++
    console.log(`✓ ${name} (${seconds} s)`)
  } else {
    failed++
    console.log(`✗ ${name} (${seconds} s)\n${run.stdout}${run.stderr}`)
  }
}

const dir = mkdtempSync(join(tmpdir(), 'fedivault-counts-'))
const countsFile = join(dir, 'counts.json')
const vitest = spawnSync(
  npx,
  ['vitest', 'run', '--reporter=default', '--reporter=./tests/support/summary-reporter.ts'],
  { stdio: 'inherit', env: { ...process.env, FEDIVAULT_TEST_COUNTS: countsFile } }
)
try {
  const counts = JSON.parse(readFileSync(countsFile, 'utf8'))
  passed += counts.passed
  failed += counts.failed
  skipped += counts.skipped
  if (vitest.status !== 0 && counts.failed === 0) failed++
} catch {
  // vitest died before reporting: that is a failure of the whole suite, not zero tests.
  failed++
}
rmSync(dir, { recursive: true, force: true })

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed === 0 ? 0 : 1)
