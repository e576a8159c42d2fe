import { describe, expect, it } from 'vitest'
import {
  DEFAULT_TIMEOUT_MS,
  discoverInstance,
  MemoryAppRegistry,
  OPTIONAL_DOCUMENT_GRACE_MS,
  SignInFlows
} from '../../../src/main/fediverse'
import { ALICE, failure, useSimulators } from './support'

// Takahē behind plain http links NodeInfo with https: the TLS hello meets a port that accepts and
// never answers. Every other document answers at once. Limits here are generous (the machine is
// shared); what matters is that nothing waits for the HTTP client's whole timeout.

const sim = useSimulators()
/** Far below the client's timeout, far above one round trip plus the grace period. */
const LIMIT_MS = DEFAULT_TIMEOUT_MS / 3

async function timed<T>(p: Promise<T>): Promise<[T, number]> {
  const started = performance.now()
  const value = await p
  return [value, performance.now() - started]
}

describe('a NodeInfo link that never answers does not hold the look-up up', () => {
  it('look-up decides from the instance document one grace period after it answered', async () => {
    const s = await sim('takahe-hanging-nodeinfo')
    const [info, ms] = await timed(discoverInstance(s.url))
    expect(s.silentPort!.connections).toBeGreaterThan(0) // the link was followed and is hanging
    expect(ms).toBeGreaterThanOrEqual(OPTIONAL_DOCUMENT_GRACE_MS - 50)
    expect(ms).toBeLessThan(LIMIT_MS)
    expect(info).toMatchObject({
      software: 'takahe',
      version: '0.11.0',
      apiBaseUrl: s.url,
      auth: { passwordGrant: 'unsupported', metadata: false, pkce: 'unsupported' }
    })
    expect(info.auth.passwordGrantReason).toMatch(/Takahē only signs apps in through the browser/)
  })

  it('the grace period is the caller’s to choose', async () => {
    const s = await sim('takahe-hanging-nodeinfo')
    const [info, ms] = await timed(discoverInstance(s.url, { graceMs: 100 }))
    expect(info.software).toBe('takahe')
    expect(ms).toBeLessThan(100 + 2_000)
  })

  it('sign-in: look-up, the step before the browser opens, and the password refusal are all quick', async () => {
    const s = await sim('takahe-hanging-nodeinfo')
    const flows = new SignInFlows({ apps: new MemoryAppRegistry() })
    const [info, lookUp] = await timed(flows.discover(s.url))
    expect(info.software).toBe('takahe')
    expect(lookUp).toBeLessThan(LIMIT_MS)

    // A fresh flow (nothing cached) straight to the browser.
    const fresh = new SignInFlows({ apps: new MemoryAppRegistry() })
    const [start, beforeBrowser] = await timed(fresh.startBrowserSignIn({ input: s.url }))
    expect(beforeBrowser).toBeLessThan(LIMIT_MS)
    const { location } = await s.approve(start.authorizationUrl, {
      username: ALICE.email,
      password: ALICE.password
    })
    await (await fetch(location!)).text()
    const [signedIn, afterBrowser] = await timed(fresh.waitForBrowserSignIn(start.flowId))
    expect(signedIn.handle).toBe(`alice@${s.host}`)
    expect(afterBrowser).toBeLessThan(LIMIT_MS)

    const [refused, passwordMs] = await timed(
      failure(
        new SignInFlows({ apps: new MemoryAppRegistry() }).passwordSignIn({
          input: s.url,
          username: ALICE.email,
          password: ALICE.password
        })
      )
    )
    expect(refused).toMatchObject({ code: 'unsupported_grant' })
    expect(passwordMs).toBeLessThan(LIMIT_MS)
    expect(s.stats.byRoute['POST /oauth/token']).toBe(1) // the browser's code exchange only
  })
})
