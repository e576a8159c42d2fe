/**
 * Sign-in benchmark (issue 3 §4). Every server is a simulator on 127.0.0.1 that waits 50 ms before
 * each response and counts requests, concurrency and sequential round trips. The person in the
 * browser is played by `sim.approve`, whose requests are not counted and not timed.
 *
 *   (a) first password sign-in on a new instance: discover + register + token + verify
 *   (b) browser sign-in: "method chosen → authorization URL ready", then "code received → verified"
 *   (c) a second account on the same instance (cached app)
 *   (d) "Look up" on a Takahē whose NodeInfo link never answers (https to a plain-http port)
 *
 * Figures are printed, not asserted. Targets for ours: (a) 3 round trips, (b) 1 + 2, (c) 2.
 */
import { startSimulator, type Simulator } from '../tests/sim'
import { DEFAULT_TIMEOUT_MS, OPTIONAL_DOCUMENT_GRACE_MS, SignInFlows } from '../src/main/fediverse'
import { measure, printRatios, printTable, sum, type Measurement, type Row } from './signin/measure'
import { masto, megalodon } from './signin/peers'
import { MemoryClientRegistry } from '../tests/support/memory-client-registry'

const LATENCY_MS = 50
const OURS = 'fedivault'
const ALICE = { email: 'alice@example.test', username: 'alice', password: 'correct horse' }
const BOB = { email: 'bob@example.test', username: 'bob', password: 'battery staple' }

async function withSim<T>(
  personality: 'mastodon-4.3' | 'mastodon-4.6' | 'takahe-hanging-nodeinfo',
  fn: (sim: Simulator) => Promise<T>
): Promise<T> {
  const sim = await startSimulator({ personality, latencyMs: LATENCY_MS })
  try {
    return await fn(sim)
  } finally {
    await sim.close()
  }
}

async function attempt(fn: () => Promise<Measurement>): Promise<Measurement | string> {
  try {
    return await fn()
  } catch (err) {
    return `failed: ${(err as Error).message.slice(0, 60)}`
  }
}

const rows: Row[] = []
const add = (scenario: string, library: string, result: Measurement | string) =>
  rows.push({ scenario, library, result })

// (a) First password sign-in on a new instance (Mastodon 4.3 still offers the password grant).
add(
  '(a) password, new instance',
  OURS,
  await withSim('mastodon-4.3', (sim) =>
    measure(sim, () =>
      new SignInFlows({ apps: new MemoryClientRegistry() }).passwordSignIn({
        input: sim.url,
        username: ALICE.email,
        password: ALICE.password
      })
    )
  )
)
add(
  '(a) password, new instance',
  'masto.js',
  await attempt(() =>
    withSim('mastodon-4.3', (sim) =>
      measure(sim, async () => {
        await masto.discover(sim.url)
        const app = await masto.registerClient(sim.url)
        await masto.password(sim.url, app, ALICE.email, ALICE.password)
      })
    )
  )
)
add('(a) password, new instance', 'megalodon', 'n/a: no password grant')

// (b) Browser sign-in on Mastodon 4.6. Ours: discovery ran while the person chose the method.
const browserRows: Array<[string, Measurement | string, Measurement | string]> = []
{
  const [before, after, choosing] = await withSim('mastodon-4.6', async (sim) => {
    const flows = new SignInFlows({ apps: new MemoryClientRegistry() })
    const choosing = await measure(sim, () => flows.discover(sim.url))
    let start!: Awaited<ReturnType<SignInFlows['startBrowserSignIn']>>
    const before = await measure(sim, async () => {
      start = await flows.startBrowserSignIn({ input: sim.url })
    })
    const { location } = await sim.approve(start.authorizationUrl, ALICE)
    const after = await measure(sim, async () => {
      await fetch(location!) // the browser follows the redirect to our loopback listener
      await flows.waitForBrowserSignIn(start.flowId)
    })
    return [before, after, choosing]
  })
  browserRows.push([OURS, before, after])
  add('(b0) discovery while choosing', OURS, choosing)
}
for (const [name, peer] of [
  ['megalodon', megalodon],
  ['masto.js', masto]
] as const) {
  const result = await attempt(() =>
    withSim('mastodon-4.6', async (sim) => {
      let started!: Awaited<ReturnType<typeof peer.startBrowser>>
      const before = await measure(sim, async () => {
        started = await peer.startBrowser(sim.url)
      })
      const { code } = await sim.approve(started.authorizationUrl, ALICE)
      const after = await measure(sim, () => peer.finishBrowser(sim.url, started as never, code!))
      browserRows.push([name, before, after])
      return sum(before, after)
    })
  )
  if (typeof result === 'string') browserRows.push([name, result, result])
}
for (const [library, before] of browserRows)
  add('(b1) browser: chosen → URL ready', library, before)
for (const [library, , after] of browserRows) add('(b2) browser: code → verified', library, after)
for (const [library, before, after] of browserRows) {
  add(
    '(b) browser total',
    library,
    typeof before === 'string' || typeof after === 'string' ? 'failed' : sum(before, after)
  )
}

// (c) Second account on the same instance, app cached (password grant on Mastodon 4.3).
add(
  '(c) second account, cached app',
  OURS,
  await withSim('mastodon-4.3', async (sim) => {
    const flows = new SignInFlows({ apps: new MemoryClientRegistry() })
    await flows.passwordSignIn({ input: sim.url, username: ALICE.email, password: ALICE.password })
    return measure(sim, () =>
      flows.passwordSignIn({ input: sim.url, username: BOB.email, password: BOB.password })
    )
  })
)
add(
  '(c) second account, cached app',
  'masto.js',
  await attempt(() =>
    withSim('mastodon-4.3', async (sim) => {
      const app = await masto.registerClient(sim.url)
      await masto.password(sim.url, app, ALICE.email, ALICE.password)
      return measure(sim, () => masto.password(sim.url, app, BOB.email, BOB.password))
    })
  )
)
add('(c) second account, cached app', 'megalodon', 'n/a: no password grant')

// (d) Look-up where NodeInfo hangs: the instance document decides, one grace period after it.
add(
  '(d) look-up, NodeInfo hangs',
  OURS,
  await withSim('takahe-hanging-nodeinfo', (sim) =>
    measure(sim, async () => {
      const info = await new SignInFlows({ apps: new MemoryClientRegistry() }).discover(sim.url)
      if (info.software !== 'takahe') throw new Error(`looked up as ${info.software}`)
    })
  )
)

console.log(`\nSign-in benchmark: simulated Mastodon on 127.0.0.1, ${LATENCY_MS} ms per request\n`)
printTable(rows)
printRatios(rows, OURS)
console.log(
  `\ntargets for ours: (a) 3 round trips, (b1) 1, (b2) 2, (c) 2, (d) one round trip + ${OPTIONAL_DOCUMENT_GRACE_MS} ms grace (not the client's ${DEFAULT_TIMEOUT_MS / 1000} s timeout)`
)
