import { sequentialRoundTrips, type Simulator } from '../../tests/sim'

export interface Measurement {
  wallMs: number
  roundTrips: number
  requests: number
  maxInFlight: number
}

/** Runs one phase against a freshly reset simulator and reads what the server saw. */
export async function measure(sim: Simulator, phase: () => Promise<unknown>): Promise<Measurement> {
  sim.resetStats()
  const started = performance.now()
  await phase()
  const wallMs = performance.now() - started
  return {
    wallMs,
    roundTrips: sequentialRoundTrips(sim.stats.log),
    requests: sim.stats.requests,
    maxInFlight: sim.stats.maxInFlight
  }
}

export const sum = (a: Measurement, b: Measurement): Measurement => ({
  wallMs: a.wallMs + b.wallMs,
  roundTrips: a.roundTrips + b.roundTrips,
  requests: a.requests + b.requests,
  maxInFlight: Math.max(a.maxInFlight, b.maxInFlight)
})

export interface Row {
  scenario: string
  library: string
  result: Measurement | string
}

export function printTable(rows: Row[]): void {
  const header = ['scenario', 'library', 'wall ms', 'seq. round trips', 'requests', 'max in flight']
  const lines = rows.map((r) =>
    typeof r.result === 'string'
      ? [r.scenario, r.library, r.result, '', '', '']
      : [
          r.scenario,
          r.library,
          r.result.wallMs.toFixed(0),
          String(r.result.roundTrips),
          String(r.result.requests),
          String(r.result.maxInFlight)
        ]
  )
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)))
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`
  console.log(fmt(header))
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`)
  for (const l of lines) console.log(fmt(l))
}

export function printRatios(rows: Row[], ours: string): void {
  console.log('\nours / peer (wall time, sequential round trips); below 1.00 means we are faster')
  const scenarios = [...new Set(rows.map((r) => r.scenario))]
  for (const scenario of scenarios) {
    const mine = rows.find((r) => r.scenario === scenario && r.library === ours)?.result
    if (!mine || typeof mine === 'string') continue
    for (const peer of rows.filter((r) => r.scenario === scenario && r.library !== ours)) {
      if (typeof peer.result === 'string') {
        console.log(`  ${scenario} vs ${peer.library}: ${peer.result}`)
        continue
      }
      const wall = (mine.wallMs / peer.result.wallMs).toFixed(2)
      const rt = (mine.roundTrips / peer.result.roundTrips).toFixed(2)
      console.log(`  ${scenario} vs ${peer.library}: wall ${wall}, round trips ${rt}`)
    }
  }
}
