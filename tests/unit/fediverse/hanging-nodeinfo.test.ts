import { describe, expect, it } from 'vitest'
import {
  createHttpClient,
  DEFAULT_TIMEOUT_MS,
  Discovery,
  discoverInstance,
  OPTIONAL_DOCUMENT_GRACE_MS,
  SignInFlows
} from '../../../src/main/fediverse'
import { ALICE, failure, useSimulators } from './support'
import { MemoryClientRegistry } from '../../support/memory-client-registry'

// Takahē behind plain http links NodeInfo with https: the TLS hello meets a port that accepts and
// never answers. Every other document answers at once. Limits here are generous (the machine is
// shared); what matters is that nothing waits for the HTTP client's whole timeout.

const sim = useSimulators()
/** Half the client's timeout: far above one round trip plus the grace period, even under load. */
const LIMIT_MS = DEFAULT_TIMEOUT_MS / 2

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
    const [info, ms] = await timed(discoverInstance(s.url, { graceMs: 2_500 }))
    expect(info.software).toBe('takahe')
    expect(ms).toBeGreaterThanOrEqual(2_500 - 50)
    expect(ms).toBeLessThan(LIMIT_MS)
  })

  it('sign-in: the look-up while the person chooses is quick', async () => {
    const s = await sim('takahe-hanging-nodeinfo')
    const flows = new SignInFlows({ apps: new MemoryClientRegistry() })
    const [info, ms] = await timed(flows.discover(s.url))
    expect(info.software).toBe('takahe')
    expect(ms).toBeLessThan(LIMIT_MS)
  })

  it('sign-in: the step before the browser opens, and the one after it, are quick', async () => {
    const s = await sim('takahe-hanging-nodeinfo')
    // A fresh engine (nothing cached) straight to the browser.
    const flows = new SignInFlows({ apps: new MemoryClientRegistry() })
    const [start, beforeBrowser] = await timed(flows.startBrowserSignIn({ input: s.url }))
    expect(beforeBrowser).toBeLessThan(LIMIT_MS)
    const { location } = await s.approve(start.authorizationUrl, {
      username: ALICE.email,
      password: ALICE.password
    })
    const [signedIn, afterBrowser] = await timed(
      fetch(location!).then(async (page) => {
        await page.text()
        return flows.waitForBrowserSignIn(start.flowId)
      })
    )
    expect(signedIn.handle).toBe(`alice@${s.host}`)
    expect(afterBrowser).toBeLessThan(LIMIT_MS)
  })

  it('sign-in: a password is refused quickly, and never sent', async () => {
    const s = await sim('takahe-hanging-nodeinfo')
    const flows = new SignInFlows({ apps: new MemoryClientRegistry() })
    const [refused, ms] = await timed(
      failure(flows.passwordSignIn({ input: s.url, username: ALICE.email, password: 'x' }))
    )
    expect(refused).toMatchObject({ code: 'unsupported_grant' })
    expect(ms).toBeLessThan(LIMIT_MS)
    expect(s.stats.byRoute['POST /oauth/token']).toBeUndefined()
  })
})

describe('late answers refine the cached result in the background', () => {
  it('the first answer does not wait for NodeInfo; the next call gets what came later', async () => {
    const s = await sim('mastodon-4.3', { latencyMs: 50 })
    let now = 0
    // No grace at all: NodeInfo (two requests in sequence) is late behind the instance document.
    const discovery = new Discovery(s.url, createHttpClient(), { now: () => ++now }, undefined, 0)
    const first = await discovery.info()
    const nodeinfoDoc = () => s.stats.log.find((e) => e.path === '/nodeinfo/2.0')
    expect(nodeinfoDoc()?.doneAt).toBeUndefined() // answered before NodeInfo was in
    expect(first).toMatchObject({ software: 'mastodon', version: '4.3.0' }) // the version string
    await (await discovery.probe).complete()
    expect(nodeinfoDoc()?.doneAt).toBeDefined()
    const refined = await discovery.info()
    expect(refined).not.toBe(first)
    expect(refined.discoveredAt).toBeGreaterThan(first.discoveredAt)
    expect(refined).toMatchObject({ software: 'mastodon', version: '4.3.0', title: first.title })
  })
})
