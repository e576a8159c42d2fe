#!/usr/bin/env node
// The `fedivault` command: runs the bundled CLI that `npm install` / `npm run build:cli` builds.
import { existsSync } from 'node:fs'

const cli = new URL('../out/cli/fedivault.mjs', import.meta.url)
if (existsSync(cli)) {
  await import(cli.href)
} else {
  process.stderr.write('fedivault: the CLI is not built yet. Run "npm run build:cli".\n')
  process.exitCode = 1
}
