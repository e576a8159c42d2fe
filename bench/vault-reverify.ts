// Part 2 of bench:vault: re-verify 50 accounts spread over 10 simulated instances that answer
// after 50 ms, against one round trip measured the same way.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { SignInFlows, verifyCredentials } from '../src/main/fediverse'
import { AccountVault, openNodeDocumentStore } from '../src/main/vault'
import { fediverseAccountServer } from '../src/main/composition/fediverse-account-server'
import { startSimulator, type Personality, type Simulator } from '../tests/sim'
import { median, ms } from './vault-load'
import { FileKeyCipher } from '../src/harness/file-key-cipher'

const LATENCY_MS = 50
const PER_INSTANCE = 5
const RUNS = 5
const PERSONALITIES: Personality[] = [
  'mastodon-4.3',
  'mastodon-4.6',
  'gotosocial',
  'pleroma',
  'akkoma'
]
const users = Array.from({ length: PER_INSTANCE }, (_, i) => ({
  username: `user${i}`,
  email: `user${i}@bench.test`,
  password: `password ${i}`
}))

export async function benchReverify(): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'fedivault-bench-reverify-'))
  const sims: Simulator[] = []
  try {
    for (let i = 0; i < 10; i++)
      sims.push(await startSimulator({ personality: PERSONALITIES[i % 5]!, users }))
    const vault = AccountVault.open({
      store: openNodeDocumentStore(dir),
      cipher: new FileKeyCipher(dir),
      server: fediverseAccountServer()
    })
    // Sign-ins (untimed) through the engine, as the app does them.
    const flows = new SignInFlows({ apps: vault.apps })
    for (const sim of sims) {
      for (const user of users) {
        const start = await flows.startBrowserSignIn({ input: sim.url, forceLogin: true })
        const { code } = await sim.approve(start.manualAuthorizationUrl, user)
        await vault.add(await flows.completeWithCode(start.flowId, code!))
      }
    }
    for (const sim of sims) sim.setLatency(LATENCY_MS)

    // One round trip: a single verify_credentials on a warm connection.
    const token = (await vault.getAccessToken()).accessToken
    const rtts: number[] = []
    for (let i = 0; i < 5; i++) {
      const t = performance.now()
      await verifyCredentials({ apiBaseUrl: sims.at(-1)!.url, accessToken: token })
      rtts.push(performance.now() - t)
    }
    const rtt = median(rtts)

    const runs: number[] = []
    for (let i = 0; i < RUNS; i++) {
      for (const sim of sims) sim.resetStats()
      const t = performance.now()
      const state = await vault.reverifyAll()
      runs.push(performance.now() - t)
      const notOk = state.accounts.filter((a) => a.status !== 'ok')
      if (state.accounts.length !== 50 || notOk.length > 0) {
        throw new Error(`expected 50 verified accounts, ${notOk.length} not ok`)
      }
    }
    const peak = Math.max(...sims.map((s) => s.stats.maxInFlight))
    console.log(
      `re-verify 50 accounts on 10 simulated instances (${PERSONALITIES.join(', ')}), ${LATENCY_MS} ms latency`
    )
    console.log(`  one round trip: ${ms(rtt)}`)
    console.log(`  runs: ${runs.map(ms).join(', ')}`)
    console.log(
      `  median ${ms(median(runs))} = ${(median(runs) / rtt).toFixed(2)}× one round trip; peak ${peak} requests in flight per instance`
    )
    const ok = median(runs) <= 3 * rtt
    console.log(`  target ≤ 3× one round trip (${ms(3 * rtt)}): ${ok ? 'met' : 'MISSED'}`)
    return ok
  } finally {
    await Promise.all(sims.map((s) => s.close()))
    rmSync(dir, { recursive: true, force: true })
  }
}
