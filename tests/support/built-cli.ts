import { execFile, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'

export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
}

export interface BuiltCli {
  /** The bundled `fedivault.mjs`. */
  path: string
  /**
   * Runs `fedivault <args>` as its own process with only PATH and HOME from this one, plus `env`.
   * Asynchronously: the endpoint it talks to usually runs in this very process.
   */
  run(args: string[], env?: Record<string, string>, options?: { cwd?: string }): Promise<CliRun>
  /** Removes the build (and the directory, when it was made here). */
  remove(): void
}

const root = resolve(import.meta.dirname, '../..')

/**
 * Bundles the CLI afresh into `dir` (a new temporary directory by default), so a test never
 * exercises a stale out/cli.
 */
export async function buildCli(dir?: string): Promise<BuiltCli> {
  const into = dir ?? mkdtempSync(join(tmpdir(), 'fedivault-cli-'))
  const path = join(into, 'fedivault.mjs')
  await promisify(execFile)(
    process.execPath,
    [join(root, 'scripts/build-cli.mjs'), '--outfile', path],
    { cwd: root }
  )
  return {
    path,
    run: (args, env = {}, options = {}) =>
      new Promise((done, reject) => {
        const child = spawn(process.execPath, [path, ...args], {
          env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
          cwd: options.cwd,
          stdio: ['ignore', 'pipe', 'pipe']
        })
        let stdout = ''
        let stderr = ''
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
        child.on('error', reject)
        child.on('close', (code) => done({ code, stdout, stderr }))
      }),
    remove: () => rmSync(dir ? path : into, { recursive: true, force: true })
  }
}
