import { describe, expect, it } from 'vitest'
import { createHttpClient, SignInFlows, type SignInStep } from '../../../src/main/fediverse'
import {
  DEFAULT_CHECK_SCHEDULE,
  nextCheckDelay
} from '../../../src/main/fediverse/misskey/check-schedule'
import { useSimulators } from './support'
import { MemoryClientRegistry } from '../../support/memory-client-registry'

const sim = useSimulators()

/** The waits `poll` would make, check after check, when nobody approves and nothing fails. */
function waits(count: number, schedule = DEFAULT_CHECK_SCHEDULE): number[] {
  const out: number[] = []
  let elapsed = 0
  let previous: number | undefined
  for (let i = 0; i < count; i++) {
    const wait = nextCheckDelay({ elapsedMs: elapsed, previousMs: previous }, schedule)
    out.push(wait)
    elapsed += wait
    previous = wait
  }
  return out
}

describe('MiAuth check schedule', () => {
  it('asks every 2 s while someone may be on the consent page: an approval shows within one interval', () => {
    // Issue 23, point 7: a ×1.5 back-off had reached 6.75 s by the 4th check (≈ 19 s in all).
    const first = waits(150) // 150 × 2 s = the first five minutes
    expect(first.every((w) => w === 2_000)).toBe(true)
    expect(Math.max(...first)).toBeLessThanOrEqual(3_000)
  })

  it('a flow left alone for minutes backs off ×1.5 up to 15 s', () => {
    const later = waits(160).slice(150)
    expect(later.slice(0, 6)).toEqual([3_000, 4_500, 6_750, 10_125, 15_000, 15_000])
  })

  it('a 429 with Retry-After stretches the wait, and the short interval comes back after it', () => {
    expect(nextCheckDelay({ elapsedMs: 10_000, previousMs: 2_000, retryAfterSeconds: 30 })).toBe(
      30_000
    )
    expect(nextCheckDelay({ elapsedMs: 40_000, previousMs: 30_000 })).toBe(2_000)
    expect(nextCheckDelay({ elapsedMs: 10_000, previousMs: 2_000, retryAfterSeconds: 1 })).toBe(
      2_000
    )
  })
})

describe('MiAuth: approved without the browser coming back', () => {
  it('the next check finishes the flow, and the window hears "approved" before the account check', async () => {
    const s = await sim('misskey')
    const steps: SignInStep[] = []
    const f = new SignInFlows({
      client: createHttpClient(),
      apps: new MemoryClientRegistry(),
      onProgress: (_id, step) => steps.push(step)
    }) // the real schedule: no test-only intervals
    const flow = await f.startBrowserSignIn({ input: s.url })
    expect(
      await s.approve(flow.manualAuthorizationUrl, { username: 'alice', password: 'correct horse' })
    ).toEqual({})
    const pendingAtApproval = s.misskey.checks.length
    const result = await f.waitForBrowserSignIn(flow.flowId)
    expect(result.handle).toBe(`alice@${s.host}`)
    // No check answered "not yet" after the approval: the very next one brought the token.
    expect(s.misskey.checks.map((c) => c.answer)).toEqual([
      ...Array<string>(pendingAtApproval).fill('pending'),
      'token'
    ])
    expect(steps).toEqual(['discovering', 'waiting_for_browser', 'approved', 'verifying'])
    f.cancelAll()
  })
})
