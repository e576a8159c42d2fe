import type { SimLogEntry } from './server'

/**
 * The number of round trips a client waited for one after another: the longest chain of requests
 * in which each one started only after the previous one had finished. Requests that overlap in
 * time ran concurrently and count once.
 */
export function sequentialRoundTrips(log: readonly SimLogEntry[]): number {
  const entries = [...log].sort((a, b) => a.at - b.at)
  const depth: number[] = []
  let best = 0
  entries.forEach((e, i) => {
    let d = 1
    for (let j = 0; j < i; j++) {
      const prev = entries[j]!
      if (prev.doneAt !== undefined && prev.doneAt <= e.at) d = Math.max(d, depth[j]! + 1)
    }
    depth[i] = d
    best = Math.max(best, d)
  })
  return best
}
