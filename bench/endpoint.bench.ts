// npm run bench:endpoint — throughput and latency of GET /v1/token against a bare node:http server
// answering the same JSON body (the ceiling for Node on this machine), plus the cold-start wall time
// of `fedivault token`; then the run-key rows (run-key-rows.ts): a proxied request through a run
// key beside the same request straight to the simulator, and what `fedivault run` adds over
// `fedivault exec`. Prints figures; asserts nothing.
//
// The servers run in a child process (endpoint-servers.ts) pinned to core 0 with taskset; the load
// comes from wrk, a C client in a third process, one thread, pinned to core 1 (where there are two
// cores or more), so the load generator never takes the server's core. Both servers are measured
// in the same run, alternating, round after round, so that whatever else the machine is doing
// weighs on both; every round is printed, and the spread of the rounds beside their median.
//   BENCH_ROUNDS (default 5), BENCH_SECONDS per server per round (5), BENCH_CONNECTIONS (10),
//   BENCH_TOKEN=expiring: the account's token expires (in a day) and can be refreshed,
//   BENCH_CPU_PROF=<dir>: write a V8 CPU profile of the server process there.
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { runLoad, summarise } from './endpoint-load'
import type { BenchServers } from './endpoint-servers'
import {
  alternatingRounds,
  median,
  runWrk,
  spread,
  wrkAvailable,
  type WrkResult
} from './endpoint-wrk'
import { runKeyRows } from './run-key-rows'

const root = resolve(import.meta.dirname, '..')
const rounds = Number(process.env.BENCH_ROUNDS ?? 5)
const seconds = Number(process.env.BENCH_SECONDS ?? 5)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10)
const profileDir = process.env.BENCH_CPU_PROF
const coldRuns = 15
const targetRatio = 0.8
const targetP99Ratio = 1.25
const canPin = availableParallelism() >= 2 && spawnSync('taskset', ['-c', '0', 'true']).status === 0
/** `taskset -c CORE` where pinning is possible. */
const onCore = (core: number) => (canPin ? ['taskset', '-c', String(core)] : [])

async function main() {
  const [command, ...args] = [
    ...onCore(0),
    process.execPath,
    ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profileDir)}`] : []),
    '--import',
    'tsx',
    join(root, 'bench/endpoint-servers.ts')
  ]
  const child = spawn(command!, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] })
  const serverCpuMs = () =>
    new Promise<number>((r) => {
      child.once('message', (u: NodeJS.CpuUsage) => r((u.user + u.system) / 1000))
      child.send('cpu')
    })
  const servers = await new Promise<BenchServers>((resolveReady, reject) => {
    child.once('exit', (code) => reject(new Error(`bench servers exited (${code})`)))
    createInterface({ input: child.stdout! }).once('line', (line) => resolveReady(JSON.parse(line)))
  })
  try {
    const targets = {
      bare: { port: servers.barePort, label: 'bare node:http' },
      endpoint: { port: servers.port, label: 'GET /v1/token' }
    }
    // Both servers get the same request, so the client does the same work for each.
    const measure = async (which: keyof typeof targets, s: number): Promise<Run> => {
      const { port } = targets[which]
      const headers = { authorization: `Bearer ${servers.secret}`, host: `127.0.0.1:${port}` }
      const cpuBefore = await serverCpuMs()
      const result = await (wrkAvailable()
        ? runWrk({
            url: `http://127.0.0.1:${port}/v1/token`,
            headers,
            connections,
            seconds: s,
            prefix: onCore(1)
          })
        : nodeLoad(port, headers, s))
      const cpuUs = ((await serverCpuMs()) - cpuBefore) * 1000
      return { ...result, cpuUsPerRequest: cpuUs / result.requests }
    }
    console.log(
      `${wrkAvailable() ? 'wrk -t1' : 'Node load generator (install wrk for a native one)'}, ` +
        `${connections} keep-alive connections, ${rounds} rounds × ${seconds} s per server, ` +
        'alternating which goes first; the servers in their own process; ' +
        (canPin ? 'servers pinned to core 0, wrk to core 1 (taskset); ' : 'not pinned; ') +
        (process.env.BENCH_TOKEN === 'expiring'
          ? 'a token that expires (in a day)'
          : 'a token that does not expire')
    )
    await measure('bare', 1)
    await measure('endpoint', 1)

    const cpuRatios: number[] = []
    console.log(
      'round   bare req/s  p99 ms  µs CPU   endpoint req/s  p99 ms  µs CPU   ratio  p99 ratio  CPU ratio'
    )
    const { all, ratios, p99Ratios } = await alternatingRounds(
      rounds,
      ['bare', 'endpoint'] as const,
      (which) => measure(which, seconds),
      (round, { bare, endpoint }, ratio, p99Ratio) => {
        cpuRatios.push(bare.cpuUsPerRequest / endpoint.cpuUsPerRequest)
        console.log(
          `${String(round).padStart(5)}  ${rate(bare)}  ${p99(bare)}  ${cpu(bare)}   ${rate(endpoint).padStart(14)}  ${p99(endpoint)}  ${cpu(endpoint)}   ${ratio.toFixed(2).padStart(5)}  ${p99Ratio.toFixed(2).padStart(9)}  ${cpuRatios.at(-1)!.toFixed(2).padStart(9)}`
        )
      }
    )
    const ratio = median(ratios)
    const p99Ratio = median(p99Ratios)
    console.log(
      `throughput: ${median(all.endpoint.map((r) => r.perSecond)).toFixed(0)} vs ${median(all.bare.map((r) => r.perSecond)).toFixed(0)} req/s (medians)`
    )
    console.log(
      `ratio ${ratio.toFixed(2)} of the bare server (median of ${rounds}; spread ${spread(ratios)}), target ≥ ${targetRatio.toFixed(2)}: ${ratio >= targetRatio ? 'met' : 'MISSED'}`
    )
    console.log(
      `p99 ratio ${p99Ratio.toFixed(2)} of the bare server's p99 (median of ${rounds}; spread ${spread(p99Ratios)}), target ≤ ${targetP99Ratio.toFixed(2)}: ${p99Ratio <= targetP99Ratio ? 'met' : 'MISSED'}`
    )

    console.log(
      `CPU per request in the server process: ${median(all.endpoint.map((r) => r.cpuUsPerRequest)).toFixed(1)} µs vs ${median(all.bare.map((r) => r.cpuUsPerRequest)).toFixed(1)} µs bare; ` +
        `bare/endpoint ${median(cpuRatios).toFixed(2)} (median; spread ${spread(cpuRatios)}): the throughput ratio a server with a core to itself would show`
    )

    const cli = join(root, 'out/cli/fedivault.mjs')
    if (!existsSync(cli)) execFileSync(process.execPath, [join(root, 'scripts/build-cli.mjs')])
    const env = { ...process.env, FEDIVAULT_DATA_DIR: servers.dataDir }
    const baseline = await medianWallMs([process.execPath, '-e', ''], env)
    const cold = await medianWallMs([process.execPath, cli, 'token'], env)
    console.log(
      `cold \`fedivault token\`: median ${cold.toFixed(1)} ms over ${coldRuns} runs (target ≤ 100 ms); empty \`node -e ""\`: ${baseline.toFixed(1)} ms`
    )
  } finally {
    const exited = new Promise((r) => child.once('exit', r))
    child.kill('SIGTERM')
    await exited
    if (profileDir)
      console.log(`CPU profile of the server process written to ${resolve(profileDir)}`)
  }
  await runKeyRows({ rounds, seconds, connections })
}

/** Without wrk: the Node load generator, in a worker thread of this process. */
async function nodeLoad(
  port: number,
  headers: Record<string, string>,
  s: number
): Promise<WrkResult> {
  const run = await runLoad({
    port,
    path: '/v1/token',
    headers,
    connections,
    durationMs: s * 1000,
    maxRequests: 2_000_000
  })
  const { requests, perSecond, p50Ms, p99Ms } = summarise([run])
  return { requests, perSecond, p50Ms, p99Ms }
}

type Run = WrkResult & { cpuUsPerRequest: number }

const cpu = (r: Run) => r.cpuUsPerRequest.toFixed(1).padStart(6)
const rate = (r: WrkResult) => Math.round(r.perSecond).toLocaleString('en-US').padStart(11)
const p99 = (r: WrkResult) => r.p99Ms.toFixed(2).padStart(6)

/** Spawned one after another; the endpoint answers from its own process. */
async function medianWallMs([file, ...args]: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < coldRuns; i++) {
    const started = performance.now()
    const code = await new Promise<number | null>((r) => {
      const c = spawn(file!, args, { env, stdio: ['ignore', 'ignore', 'inherit'] })
      c.on('close', r)
    })
    if (code !== 0) throw new Error(`${args.join(' ')} exited ${code}`)
    times.push(performance.now() - started)
  }
  return median(times)
}

await main()
