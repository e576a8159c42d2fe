import { Worker } from 'node:worker_threads'

/** One run's raw figures; {@link summarise} merges runs. */
export interface LoadRun {
  errors: number
  seconds: number
  latenciesMs: Float64Array
}

export interface LoadSummary {
  requests: number
  errors: number
  perSecond: number
  p50Ms: number
  p99Ms: number
}

export interface LoadOptions {
  port: number
  path: string
  headers: Record<string, string>
  connections: number
  durationMs: number
  /** Upper bound on recorded requests, so memory stays bounded on a fast machine. */
  maxRequests: number
}

/**
 * The load generator runs in a worker thread so that it has its own event loop (and core) and does
 * not steal time from the server under test. Each of `connections` loops sends one request at a
 * time over a keep-alive agent with exactly that many sockets.
 */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads')
const http = require('node:http')
const { port, path, headers, connections, durationMs, maxRequests } = workerData
const agent = new http.Agent({ keepAlive: true, maxSockets: connections })
const latencies = new Float64Array(maxRequests)
let count = 0
let errors = 0
const started = performance.now()
const deadline = started + durationMs
function once() {
  return new Promise((resolve) => {
    const t0 = performance.now()
    const req = http.request({ host: '127.0.0.1', port, path, headers, agent }, (res) => {
      res.on('data', () => {})
      res.on('end', () => {
        if (res.statusCode !== 200) errors++
        if (count < maxRequests) latencies[count++] = performance.now() - t0
        resolve()
      })
    })
    req.on('error', () => { errors++; resolve() })
    req.end()
  })
}
async function loop() {
  while (performance.now() < deadline && count < maxRequests) await once()
}
Promise.all(Array.from({ length: connections }, loop)).then(() => {
  const seconds = (performance.now() - started) / 1000
  agent.destroy()
  const latenciesMs = latencies.slice(0, count)
  parentPort.postMessage({ errors, seconds, latenciesMs }, [latenciesMs.buffer])
})
`

export function runLoad(options: LoadOptions): Promise<LoadRun> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerSource, { eval: true, workerData: options })
    worker.once('message', (result: LoadRun) => {
      void worker.terminate()
      resolve(result)
    })
    worker.once('error', reject)
  })
}

export function summarise(runs: LoadRun[]): LoadSummary {
  const requests = runs.reduce((n, run) => n + run.latenciesMs.length, 0)
  const all = new Float64Array(requests)
  let at = 0
  for (const run of runs) {
    all.set(run.latenciesMs, at)
    at += run.latenciesMs.length
  }
  all.sort()
  const quantile = (q: number) =>
    requests ? all[Math.min(requests - 1, Math.floor(q * requests))]! : NaN
  const seconds = runs.reduce((n, run) => n + run.seconds, 0)
  return {
    requests,
    errors: runs.reduce((n, run) => n + run.errors, 0),
    perSecond: requests / seconds,
    p50Ms: quantile(0.5),
    p99Ms: quantile(0.99)
  }
}
