#!/usr/bin/env node
// Reports the gzipped size of the JavaScript the first screen loads: the module scripts and
// modulepreload links of out/renderer/index.html (lazy chunks load later and are not counted),
// and the size of the preload (out/preload/index.cjs beside the renderer folder), which must carry
// channel names only, no schemas. Exits 1 over either budget.
// Usage: node scripts/bundle-size.mjs [rendererDir] [--budget=KB]
import { readFileSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

export const BUDGET_BYTES = 200 * 1024
/** The preload is plain bytes on disk, loaded into every window before the page: not gzipped. */
export const PRELOAD_BUDGET_BYTES = 20 * 1024

/** The preload bundle that sits beside a renderer build folder (`out/preload/index.cjs`). */
export function preloadFileFor(rendererDir) {
  return resolve(dirname(resolve(rendererDir)), 'preload', 'index.cjs')
}

/** The first screen's JavaScript files, as index.html names them, and their gzipped sizes. */
export function measureFirstScreen(rendererDir) {
  const html = readFileSync(resolve(rendererDir, 'index.html'), 'utf8')
  const refs = new Set()
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const isModuleScript = tag.startsWith('<script') && /type="module"/.test(tag)
    const isPreload = tag.startsWith('<link') && /rel="modulepreload"/.test(tag)
    const ref = tag.match(/\b(?:src|href)="([^"]+)"/)?.[1]
    if ((isModuleScript || isPreload) && ref && !/^[a-z]+:/i.test(ref)) refs.add(ref)
  }
  const files = [...refs].map((ref) => {
    const body = readFileSync(resolve(rendererDir, ref.replace(/^\.?\//, '')))
    return { file: ref, bytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length }
  })
  return { files, gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0) }
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2)
  const dir = args.find((a) => !a.startsWith('--')) ?? 'out/renderer'
  const budgetArg = args.find((a) => a.startsWith('--budget='))
  const budget = budgetArg ? Number(budgetArg.slice(9)) * 1024 : BUDGET_BYTES
  const { files, gzipBytes } = measureFirstScreen(dir)
  for (const f of files) console.log(`${f.file}  ${kb(f.bytes)} → ${kb(f.gzipBytes)} gzip`)
  const verdict = gzipBytes <= budget ? 'within' : 'OVER'
  console.log(
    `first screen JavaScript: ${kb(gzipBytes)} gzip (${verdict} the ${kb(budget)} budget)`
  )
  const preloadBytes = statSync(preloadFileFor(dir)).size
  const preloadOk = preloadBytes <= PRELOAD_BUDGET_BYTES
  console.log(
    `preload: ${kb(preloadBytes)} (${preloadOk ? 'within' : 'OVER'} the ${kb(PRELOAD_BUDGET_BYTES)} budget)`
  )
  process.exit(gzipBytes <= budget && preloadOk ? 0 : 1)
}
