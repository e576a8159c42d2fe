import { afterEach } from 'vitest'
import { startSimulator, type Personality, type Simulator, type StartOptions } from '../../sim'
import { createHttpClient } from '../../../src/main/fediverse'

export const ALICE = { username: 'alice', email: 'alice@example.test', password: 'correct horse' }

/** Simulators started in a test are closed after it. */
export function useSimulators(): (
  personality: Personality,
  o?: Omit<StartOptions, 'personality'>
) => Promise<Simulator> {
  const started: Simulator[] = []
  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.close()))
  })
  return async (personality, o = {}) => {
    const sim = await startSimulator({ personality, ...o })
    started.push(sim)
    return sim
  }
}

/** A client that gives up quickly, for servers that never answer. */
export const quickClient = () => createHttpClient({ timeoutMs: 400 })

/** Rejection of a promise, for asserting on error fields. */
export async function failure(p: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await p
  } catch (err) {
    return err as Record<string, unknown>
  }
  throw new Error('expected a failure, got success')
}
