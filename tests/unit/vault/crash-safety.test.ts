import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { AccountVault, openNodeDocumentStore } from '../../../src/main/vault'
import { crashAccountId } from './support/crash-plan'
import { tempDir } from './support/temp-dir'
import { FileKeyCipher } from '../../../src/harness/file-key-cipher'

const WRITER = join(import.meta.dirname, 'support/crash-writer.ts')
const MIN_WRITES = 200
const MIN_KILLS = 8

/** Runs the writer from `start`, SIGKILLs it after `killAfter` acknowledged writes plus a random pause. */
function runUntilKilled(dir: string, start: number, killAfter: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir, String(start)], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    const acked: number[] = []
    let buffer = ''
    let stderr = ''
    let killing = false
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString()
      const lines = buffer.split('\n')
      buffer = lines.pop()!
      for (const line of lines) acked.push(Number(line.replace('done ', '')))
      if (!killing && acked.length >= killAfter) {
        killing = true
        // Somewhere inside the next write: its serialisation, the temp file, fsync or rename.
        setTimeout(() => child.kill('SIGKILL'), Math.random() * 4)
      }
    })
    child.on('error', reject)
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(acked)
      else reject(new Error(`writer exited on its own: ${stderr}`))
    })
  })
}

test(`after SIGKILL at random points across ≥ ${MIN_WRITES} writes the store loads and holds every completed write`, async () => {
  const dir = tempDir()
  const completed: number[] = []
  let next = 0
  let kills = 0
  while (completed.length < MIN_WRITES || kills < MIN_KILLS) {
    const acked = await runUntilKilled(dir, next, 1 + Math.floor(Math.random() * 40))
    kills++
    completed.push(...acked)

    const vault = AccountVault.open({
      store: openNodeDocumentStore(dir),
      cipher: new FileKeyCipher(dir),
      server: {
        verifyCredentials: async () => ({}),
        revokeToken: async () => {},
        refreshToken: async () => ({}) as never
      }
    })
    // Loaded as is: no recovery, no migration, nothing moved aside.
    expect(vault.notices).toEqual([])
    for (const n of completed) {
      if (n % 2 === 0) {
        expect((await vault.getAccessToken(crashAccountId(n))).accessToken).toBe(`tok-${n}`)
      } else {
        expect(vault.get(crashAccountId(n - 1)).label).toBe(`label-${n}`)
      }
    }
    // The write in flight when killed may have landed or not; either way we redo it.
    next = (completed.at(-1) ?? -1) + 1
  }
  expect(completed.length).toBeGreaterThanOrEqual(MIN_WRITES)
}, 180_000)
