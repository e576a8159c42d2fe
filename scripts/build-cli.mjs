#!/usr/bin/env node
// Bundles the `fedivault` CLI (src/cli/main.ts) into one ES module file. One file because the CLI
// must start in well under 100 ms: resolving and loading many modules costs more than parsing one.
// Usage: node scripts/build-cli.mjs [--outfile <path>]   (default out/cli/fedivault.mjs)
import { build } from 'esbuild'
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const at = process.argv.indexOf('--outfile')
const outfile = at > 0 ? resolve(process.argv[at + 1]) : resolve(root, 'out/cli/fedivault.mjs')
const { version } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'))

await build({
  entryPoints: [resolve(root, 'src/cli/main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minifySyntax: true,
  legalComments: 'none',
  define: { __FEDIVAULT_VERSION__: JSON.stringify(version) },
  logLevel: 'warning'
})
