// The run-key rows of `npm run bench:endpoint`: what a run key's proxy costs a real tool, and what
// `fedivault run` adds over `fedivault exec`.
//
// 1. `GET /api/v1/accounts/verify_credentials` through a run key (the endpoint's root, the proxy
//    adding alice's real token) beside the same request straight to the simulator, under wrk,
//    alternating, round after round. The endpoint is the server under test: it gets core 0 to
//    itself. The simulator stands for the instance, another computer: it shares core 1 with wrk,
//    never Fedivault's core (where there are two cores or more; said in the output).
// 2. The wall time `fedivault run -- true` adds over `fedivault exec -- true` (median).
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import http from 'node:http'
import { availableParallelism } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import {
  alternatingRounds,
  median,
  runWrk,
  spread,
  wrkAvailable,
  type WrkResult
} from './endpoint-wrk'

const root = resolve(import.meta.dirname, '..')
const cliRuns = 21
const path = '/api/v1/accounts/verify_credentials'

const canPin = availableParallelism() >= 2 && spawnSync('taskset', ['-c', '0', 'true']).status === 0
/** The endpoint on core 0; the simulator and wrk on core 1. */
const pinned = (core: number, argv: string[]) =>
  canPin ? ['taskset', '-c', String(core), ...argv] : argv

function startServer(
  core: number,
  args: string[]
): Promise<{ child: ChildProcess; ready: Record<string, string> }> {
  const [file, ...rest] = pinned(core, [
    process.execPath,
    '--import',
    'tsx',
    join(root, 'bench/run-key-servers.ts'),
    ...args
  ])
  const child = spawn(file!, rest, { cwd: root, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] })
  return new Promise((done, reject) => {
    child.once('exit', (code) => reject(new Error(`${args[0]} exited (${code})`)))
    createInterface({ input: child.stdout! }).once('line', (line) =>
      done({ child, ready: JSON.parse(line) as Record<string, string> })
    )
  })
}

/** The CPU time (user + system, ms) the server process has used so far. */
function cpuMs(child: ChildProcess): Promise<number> {
  return new Promise((r) => {
    child.once('message', (u: NodeJS.CpuUsage) => r((u.user + u.system) / 1000))
    child.send('cpu')
  })
}

/** `POST /v1/run-keys`, as `fedivault run` does: the answer's first line, the hold left open. */
function holdRunKey(port: string, secret: string): Promise<{ key: string; end(): void }> {
  return new Promise((done, reject) => {
    const body = JSON.stringify({ mode: 'proxy-read-write', command: 'bench' })
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/run-keys',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }
      },
      (res) => {
        let text = ''
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8')
          if (text.includes('\n')) {
            const answer = JSON.parse(text.slice(0, text.indexOf('\n'))) as { secret: string }
            done({ key: answer.secret, end: () => req.destroy() })
          }
        })
      }
    )
    req.on('error', reject)
    req.end(body)
  })
}

export async function runKeyRows({
  rounds,
  seconds,
  connections
}: {
  rounds: number
  seconds: number
  connections: number
}): Promise<void> {
  if (!wrkAvailable()) {
    console.log('run-key rows skipped: they need wrk (Debian: apt-get install wrk)')
    return
  }
  const sim = await startServer(1, ['sim'])
  const endpoint = await startServer(0, ['endpoint', sim.ready.url!, sim.ready.token!])
  const hold = await holdRunKey(endpoint.ready.port!, endpoint.ready.secret!)
  try {
    const targets = {
      direct: { url: `${sim.ready.url}${path}`, token: sim.ready.token! },
      proxy: { url: `http://127.0.0.1:${endpoint.ready.port}${path}`, token: hold.key }
    }
    // CPU time per request of each server: steadier than requests per second on a busy machine.
    const measure = async (which: keyof typeof targets, s: number): Promise<Run> => {
      const t = targets[which]
      const before = [await cpuMs(endpoint.child), await cpuMs(sim.child)]
      const result = await runWrk({
        url: t.url,
        headers: { authorization: `Bearer ${t.token}` },
        connections,
        seconds: s,
        prefix: pinned(1, [])
      })
      const after = [await cpuMs(endpoint.child), await cpuMs(sim.child)]
      const perRequest = (i: number) => ((after[i]! - before[i]!) * 1000) / result.requests
      return { ...result, endpointUs: perRequest(0), simUs: perRequest(1) }
    }
    console.log(
      `\nrun key: GET ${path} through the proxy vs straight to the simulator; wrk -t1, ` +
        `${connections} keep-alive connections, ${rounds} rounds × ${seconds} s per target, ` +
        `alternating which goes first; ${canPin ? 'endpoint pinned to core 0, simulator and wrk to core 1 (taskset)' : 'not pinned (one core, or no taskset)'}`
    )
    // Warm-up, long enough for V8 to have optimised the proxy's path.
    await measure('direct', 3)
    await measure('proxy', 3)
    console.log(
      'round  direct req/s  p99 ms   run key req/s  p99 ms  µs CPU endpoint  µs CPU sim   ratio  p99 ratio'
    )
    const { all, ratios, p99Ratios } = await alternatingRounds(
      rounds,
      ['direct', 'proxy'] as const,
      (which) => measure(which, seconds),
      (round, { direct, proxy }, ratio, p99Ratio) => {
        console.log(
          `${String(round).padStart(5)}  ${rate(direct).padStart(12)}  ${direct.p99Ms.toFixed(2).padStart(6)}   ${rate(proxy).padStart(13)}  ${proxy.p99Ms.toFixed(2).padStart(6)}  ${proxy.endpointUs.toFixed(1).padStart(15)}  ${proxy.simUs.toFixed(1).padStart(10)}   ${ratio.toFixed(2).padStart(5)}  ${p99Ratio.toFixed(2).padStart(9)}`
        )
      }
    )
    console.log(
      `verify_credentials: ${median(all.proxy.map((r) => r.perSecond)).toFixed(0)} req/s through a run key vs ${median(all.direct.map((r) => r.perSecond)).toFixed(0)} direct (medians)`
    )
    console.log(
      `ratio ${median(ratios).toFixed(2)} of direct (median of ${rounds}; spread ${spread(ratios)}), target ≥ 0.80: ${median(ratios) >= 0.8 ? 'met' : 'MISSED'}`
    )
    console.log(
      `p99 ratio ${median(p99Ratios).toFixed(2)} of direct (median of ${rounds}; spread ${spread(p99Ratios)}), target ≤ 1.25: ${median(p99Ratios) <= 1.25 ? 'met' : 'MISSED'}`
    )

    console.log(
      `CPU per proxied request: ${median(all.proxy.map((r) => r.endpointUs)).toFixed(1)} µs in the endpoint, ${median(all.proxy.map((r) => r.simUs)).toFixed(1)} µs in the simulator (${median(all.direct.map((r) => r.simUs)).toFixed(1)} µs per direct request) (medians)`
    )

    const cli = join(root, 'out/cli/fedivault.mjs')
    execFileSync(process.execPath, [join(root, 'scripts/build-cli.mjs')])
    const env = { ...process.env, FEDIVAULT_DATA_DIR: endpoint.ready.dataDir! }
    const exec: number[] = []
    const run: number[] = []
    for (let i = 0; i < cliRuns; i++) {
      exec.push(await wallMs([process.execPath, cli, 'exec', '--', 'true'], env))
      run.push(await wallMs([process.execPath, cli, 'run', '--', 'true'], env))
    }
    const extra = median(run) - median(exec)
    console.log(
      `\`fedivault run -- true\`: median ${median(run).toFixed(1)} ms, \`fedivault exec -- true\`: ${median(exec).toFixed(1)} ms over ${cliRuns} runs each, alternating: run adds ${extra.toFixed(1)} ms (target ≤ 30 ms: ${extra <= 30 ? 'met' : 'MISSED'})`
    )
  } finally {
    hold.end()
    for (const { child } of [endpoint, sim]) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await exited
    }
  }
}

type Run = WrkResult & { endpointUs: number; simUs: number }

const rate = (r: WrkResult) => Math.round(r.perSecond).toLocaleString('en-US')

async function wallMs([file, ...args]: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now()
  const code = await new Promise<number | null>((r) => {
    spawn(file!, args, { env, stdio: ['ignore', 'ignore', 'inherit'] }).on('close', r)
  })
  if (code !== 0) throw new Error(`${args.join(' ')} exited ${code}`)
  return performance.now() - started
}
