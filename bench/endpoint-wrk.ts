import { spawn, spawnSync } from 'node:child_process'

/**
 * wrk, when installed (Debian: `apt-get install wrk`), as a second load generator: a C client in
 * its own process costs the servers far less CPU than a Node client on the same two cores, so its
 * latency figures are closer to what the servers themselves can do.
 */
export interface WrkResult {
  requests: number
  perSecond: number
  p50Ms: number
  p99Ms: number
}

export function wrkAvailable(): boolean {
  return spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined
}

export async function runWrk(options: {
  url: string
  headers: Record<string, string>
  connections: number
  seconds: number
  /** Prepended to the command, e.g. `taskset -c 1` to pin wrk to a core. */
  prefix?: string[]
}): Promise<WrkResult> {
  const args = ['-t1', `-c${options.connections}`, `-d${options.seconds}s`, '--latency']
  for (const [k, v] of Object.entries(options.headers)) args.push('-H', `${k}: ${v}`)
  args.push(options.url)
  // Asynchronous on purpose: the servers under test run on this process's event loop.
  const output = await new Promise<string>((resolve, reject) => {
    const [file, ...rest] = [...(options.prefix ?? []), 'wrk', ...args]
    const child = spawn(file!, rest, { stdio: ['ignore', 'pipe', 'inherit'] })
    let text = ''
    child.stdout.on('data', (c) => (text += c))
    child.on('error', reject)
    child.on('close', () => resolve(text))
  })
  return {
    requests: Number(/(\d+) requests in/.exec(output)?.[1] ?? NaN),
    perSecond: Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1] ?? NaN),
    p50Ms: latencyMs(output, '50%'),
    p99Ms: latencyMs(output, '99%')
  }
}

function latencyMs(output: string, percentile: string): number {
  const m = new RegExp(`${percentile}\\s+([\\d.]+)(us|ms|s)`).exec(output)
  if (!m) return NaN
  const value = Number(m[1])
  return m[2] === 'us' ? value / 1000 : m[2] === 's' ? value * 1000 : value
}

export const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** The range of the rounds and its half-width as ± percent of their median. */
export const spread = (xs: number[]): string => {
  const half = ((Math.max(...xs) - Math.min(...xs)) / 2 / median(xs)) * 100
  return `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}, ±${half.toFixed(0)} %`
}

/**
 * Round after round, both targets measured, alternating which goes first, so that whatever else
 * the machine does weighs on both. `onRound` gets each round's pair and its ratios (the second
 * target's throughput and p99 over the first's) as they are measured; all of them are returned.
 */
export async function alternatingRounds<K extends string, R extends WrkResult>(
  rounds: number,
  [baseline, candidate]: readonly [K, K],
  measure: (which: K) => Promise<R>,
  onRound: (round: number, got: Record<K, R>, ratio: number, p99Ratio: number) => void
): Promise<{ all: Record<K, R[]>; ratios: number[]; p99Ratios: number[] }> {
  const all = { [baseline]: [], [candidate]: [] } as unknown as Record<K, R[]>
  const ratios: number[] = []
  const p99Ratios: number[] = []
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 ? [baseline, candidate] : [candidate, baseline]
    const got: Partial<Record<K, R>> = {}
    for (const which of order) got[which] = await measure(which)
    const pair = got as Record<K, R>
    all[baseline].push(pair[baseline])
    all[candidate].push(pair[candidate])
    ratios.push(pair[candidate].perSecond / pair[baseline].perSecond)
    p99Ratios.push(pair[candidate].p99Ms / pair[baseline].p99Ms)
    onRound(round, pair, ratios.at(-1)!, p99Ratios.at(-1)!)
  }
  return { all, ratios, p99Ratios }
}
