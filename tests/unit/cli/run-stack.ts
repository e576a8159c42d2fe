import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSimulator, type Simulator } from '../../sim'
import { ScriptKeyRegistry } from '../../../src/main/script-keys'
import { memoryKeyStorage } from '../../support/memory-key-storage'
import { MemoryAccountSource } from '../../support/endpoint-doubles'
import { account, startEndpoint, type Harness } from '../endpoint/fixtures'
import { signInAlice } from '../endpoint/sim-sign-in'

/**
 * The fediverse simulator, alice signed in to it for real (her token is the one secret the child
 * must never see), the endpoint with script keys in front of it, and a runtime folder standing
 * for $XDG_RUNTIME_DIR, where `fedivault run` makes its private folder.
 */
export interface RunStack {
  sim: Simulator
  h: Harness
  keys: ScriptKeyRegistry
  handle: string
  /** alice's real access token at the simulator. */
  realToken: string
  runtimeDir: string
  env: Record<string, string>
  cleanup(): Promise<void>
}

export async function startRunStack(): Promise<RunStack> {
  const sim = await startSimulator({ personality: 'mastodon-4.6' })
  const realToken = await signInAlice(sim)
  const handle = `alice@${sim.host}`
  const source = new MemoryAccountSource(
    [
      account(handle, { active: true, apiBaseUrl: sim.url, lastVerifiedAt: Date.now() }),
      account(`bob@${sim.host}`, { position: 1, apiBaseUrl: sim.url }),
      account('carol@other.example', { position: 2, status: 'needs_reauth' })
    ],
    {
      [handle]: {
        accessToken: realToken,
        tokenType: 'Bearer',
        scopes: ['read', 'write'],
        expiresAt: null
      },
      [`bob@${sim.host}`]: {
        accessToken: 'bob-token-not-at-the-simulator',
        tokenType: 'Bearer',
        scopes: ['read'],
        expiresAt: null
      }
    }
  )
  const keys = new ScriptKeyRegistry(memoryKeyStorage())
  const h = await startEndpoint({ source, keys })
  const runtimeDir = mkdtempSync(join(tmpdir(), 'fedivault-runtime-'))
  sim.resetStats()
  return {
    sim,
    h,
    keys,
    handle,
    realToken,
    runtimeDir,
    env: { FEDIVAULT_DATA_DIR: h.dataDir, XDG_RUNTIME_DIR: runtimeDir },
    async cleanup() {
      await h.cleanup()
      await sim.close()
      rmSync(runtimeDir, { recursive: true, force: true })
    }
  }
}

/** Every file under `dir`, with its contents. */
export function filesUnder(dir: string): Record<string, string> {
  const found: Record<string, string> = {}
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name)
      if (statSync(path).isDirectory()) walk(path)
      else found[path] = readFileSync(path, 'utf8')
    }
  }
  if (existsSync(dir)) walk(dir)
  return found
}
