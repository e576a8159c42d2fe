#!/usr/bin/env node
// Electron's npm package no longer downloads its binary at install time; fetch it on first start
// (`prestart`/`predev`) with a clear message when that is not possible.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const electronDir = dirname(require.resolve('electron/package.json'))
const pathFile = join(electronDir, 'path.txt')
if (existsSync(pathFile) && existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8')))) {
  process.exit(0)
}
console.log('Fetching the Electron binary (first run only)…')
const result = spawnSync(process.execPath, [join(electronDir, 'install.js')], { stdio: 'inherit' })
if (result.status !== 0) {
  console.error(
    '\nCould not download Electron. Check your network connection and run `npm start` again,\n' +
      'or run `npm run harness` to use Fedivault in a browser without Electron.'
  )
  process.exit(result.status ?? 1)
}
