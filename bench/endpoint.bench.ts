// npm run bench:endpoint — throughput and latency of GET /v1/token against a bare node:http server
// answering a constant JSON body (the ceiling for Node on this machine), plus the cold-start wall
// time of `fedivault token`. Prints figures; asserts nothing.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import {
  MemoryAccountSource,
  MemoryAuditLog,
  MemorySettingsStore
} from '../src/main/endpoint/in-memory'
import { ScriptAccessService } from '../src/main/endpoint/service'
import type { AccountSummary } from '../src/shared/domain/account'
import { runLoad, summarise, type LoadRun, type LoadSummary } from './endpoint-load'
import { runWrk, wrkAvailable } from './endpoint-wrk'

const root = resolve(import.meta.dirname, '..')
const connections = 10
const durationMs = Number(process.env.BENCH_DURATION_MS ?? 5_000)
const warmupMs = 1_000
const rounds = 4
const maxRequests = 2_000_000
const coldRuns = 15

const alice: AccountSummary = {
  id: 'alice@social.example',
  username: 'alice',
  domain: 'social.example',
  instanceUrl: 'https://social.example',
  software: 'mastodon',
  displayName: 'Alice',
  emojis: [],
  status: 'ok',
  active: true,
  position: 0
}
const source = new MemoryAccountSource([alice], {
  [alice.id]: {
    accessToken: 'x'.repeat(43),
    tokenType: 'Bearer',
    scope: 'read write follow',
    expiresAt: null
  }
})

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'fedivault-bench-'))
  const service = new ScriptAccessService({
    accounts: source,
    settings: new MemorySettingsStore(),
    audit: new MemoryAuditLog(),
    dataDir,
    version: 'bench'
  })
  const { port } = await service.start()
  const secret = service.secret()!

  // The same body the endpoint sends, so the comparison is about everything but the bytes.
  const grant = source.tokenFor()
  if (!grant.ok) throw new Error('bench account has no token')
  const constantBody = JSON.stringify({
    access_token: grant.grant.accessToken,
    token_type: 'Bearer',
    scope: grant.grant.scope,
    instance_url: grant.grant.instanceUrl,
    handle: grant.grant.handle,
    expires_at: null
  })
  const bare = http.createServer((_req, res) => {
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(constantBody)
    })
    res.end(constantBody)
  })
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r))
  const barePort = (bare.address() as AddressInfo).port

  const load = (targetPort: number, path: string, headers: Record<string, string>, ms: number) =>
    runLoad({ port: targetPort, path, headers, connections, durationMs: ms, maxRequests })
  // Both servers get the same request, so the client does the same work for each.
  const endpointHeaders = { authorization: `Bearer ${secret}`, host: `127.0.0.1:${port}` }
  const bareHeaders = { authorization: `Bearer ${secret}`, host: `127.0.0.1:${barePort}` }

  console.log(
    `keep-alive load: ${connections} connections, ${durationMs / 1000} s per server in ${rounds} alternating slices (after ${warmupMs / 1000} s warm-up each)`
  )
  await load(barePort, '/v1/token', bareHeaders, warmupMs)
  await load(port!, '/v1/token', endpointHeaders, warmupMs)
  // Alternating slices, so that other work on the machine weighs on both servers alike.
  const bareRuns: LoadRun[] = []
  const endpointRuns: LoadRun[] = []
  for (let round = 0; round < rounds; round++) {
    bareRuns.push(await load(barePort, '/v1/token', bareHeaders, durationMs / rounds))
    endpointRuns.push(await load(port!, '/v1/token', endpointHeaders, durationMs / rounds))
  }
  const bareResult = summarise(bareRuns)
  const endpointResult = summarise(endpointRuns)
  print('bare node:http', bareResult)
  print('GET /v1/token', endpointResult)
  const ratio = endpointResult.perSecond / bareResult.perSecond
  console.log(
    `ratio: ${ratio.toFixed(2)} of the bare server's throughput (target ≥ 0.80); p99 target < 1 ms`
  )

  if (wrkAvailable()) {
    const seconds = Math.max(2, Math.round(durationMs / 1000))
    const wrk = (p: number, headers: Record<string, string>) =>
      runWrk({ url: `http://127.0.0.1:${p}/v1/token`, headers, connections, seconds })
    const wrkBare = await wrk(barePort, bareHeaders)
    const wrkEndpoint = await wrk(port!, endpointHeaders)
    console.log(`with wrk (${connections} connections, ${seconds} s each, a separate C process):`)
    for (const [label, r] of [
      ['bare node:http', wrkBare],
      ['GET /v1/token', wrkEndpoint]
    ] as const) {
      console.log(
        `${label.padEnd(16)} ${Math.round(r.perSecond).toLocaleString('en-US').padStart(8)} req/s   p50 ${r.p50Ms.toFixed(3)} ms   p99 ${r.p99Ms.toFixed(3)} ms`
      )
    }
    console.log(
      `ratio: ${(wrkEndpoint.perSecond / wrkBare.perSecond).toFixed(2)} of the bare server's throughput`
    )
  } else {
    console.log('(install wrk for a second measurement with a native load generator)')
  }

  const cli = join(root, 'out/cli/fedivault.mjs')
  if (!existsSync(cli)) execFileSync(process.execPath, [join(root, 'scripts/build-cli.mjs')])
  const env = { ...process.env, FEDIVAULT_DATA_DIR: dataDir }
  const baseline = await medianWallMs([process.execPath, '-e', ''], env)
  const cold = await medianWallMs([process.execPath, cli, 'token'], env)
  console.log(
    `cold \`fedivault token\`: median ${cold.toFixed(1)} ms over ${coldRuns} runs (target ≤ 100 ms); empty \`node -e ""\`: ${baseline.toFixed(1)} ms`
  )

  await service.shutdown()
  await new Promise((r) => bare.close(r))
  rmSync(dataDir, { recursive: true, force: true })
}

function print(label: string, r: LoadSummary) {
  console.log(
    `${label.padEnd(16)} ${Math.round(r.perSecond).toLocaleString('en-US').padStart(8)} req/s   p50 ${r.p50Ms.toFixed(3)} ms   p99 ${r.p99Ms.toFixed(3)} ms   (${r.requests} requests, ${r.errors} errors)`
  )
}

/** Spawned one after another, asynchronously, so the endpoint in this process can answer. */
async function medianWallMs([file, ...args]: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < coldRuns; i++) {
    const started = performance.now()
    const code = await new Promise<number | null>((r) => {
      const child = spawn(file!, args, { env, stdio: ['ignore', 'ignore', 'inherit'] })
      child.on('close', r)
    })
    if (code !== 0) throw new Error(`${args.join(' ')} exited ${code}`)
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]!
}

await main()
