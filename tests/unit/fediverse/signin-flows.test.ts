import { describe, expect, it } from 'vitest'
import { startHandleDomain, traceInRounds, type Simulator } from '../../sim'
import {
  createHttpClient,
  OOB_REDIRECT_URI,
  SignInFlows,
  type SignInStep
} from '../../../src/main/fediverse'
import { ALICE, failure, useSimulators } from './support'
import { MemoryClientRegistry } from '../../support/memory-client-registry'

const sim = useSimulators()
const login = { username: ALICE.username, password: ALICE.password }

/** `trace` counts the round trips of the flows' client (its network answers in lockstep). */
function flowsFor(options: { loopbackTimeoutMs?: number } = {}) {
  const apps = new MemoryClientRegistry()
  const steps: SignInStep[] = []
  const client = createHttpClient()
  const trace = traceInRounds(client)
  const flows = new SignInFlows({
    apps,
    client,
    onProgress: (_id, step) => steps.push(step),
    ...options
  })
  return { apps, steps, flows, trace }
}

/** The person signs in on the server's page; the browser follows the redirect to our listener. */
async function signInInBrowser(s: Simulator, authorizationUrl: string, who = login): Promise<void> {
  const { location } = await s.approve(authorizationUrl, who)
  expect(location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/)
  const page = await fetch(location!)
  expect(await page.text()).toMatch(/close this tab/)
}

describe('password sign-in', () => {
  it('signs in on Mastodon 4.3 in three round trips: [discovery ‖ registration] → token → verify', async () => {
    const s = await sim('mastodon-4.3')
    const { apps, steps, flows, trace } = flowsFor()
    const result = await flows.passwordSignIn({
      input: s.url,
      username: ALICE.email,
      password: ALICE.password
    })
    expect(result).toMatchObject({
      handle: `alice@${s.host}`,
      apiBaseUrl: s.url,
      instance: { software: 'mastodon' },
      account: { username: 'alice' }
    })
    expect(s.isTokenValid(result.tokens.accessToken)).toBe(true)
    expect(trace.roundTrips).toBe(3)
    expect(trace.rounds[0]).toContain('POST /api/v1/apps')
    expect(trace.rounds[1]).toContain('POST /oauth/token')
    expect(trace.rounds[2]).toEqual(['GET /api/v1/accounts/verify_credentials'])
    expect(trace.rounds.flat()).toHaveLength(s.stats.requests)
    expect(await apps.get(s.url)).toEqual(result.app)
    expect(result.app!.redirectUris[0]).toBe(OOB_REDIRECT_URI)
    expect(result.app!.redirectUris[1]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/)
    expect(steps).toEqual(['discovering', 'registering', 'requesting_token', 'verifying'])
  })

  it('signs in a second account with the stored app in two round trips', async () => {
    const s = await sim('mastodon-4.3')
    const { flows, trace } = flowsFor()
    await flows.passwordSignIn({ input: s.url, username: ALICE.email, password: ALICE.password })
    s.resetStats()
    trace.clear()
    const bob = await flows.passwordSignIn({
      input: s.url,
      username: 'bob@example.test',
      password: 'battery staple'
    })
    expect(bob.handle).toBe(`bob@${s.host}`)
    expect(trace.roundTrips).toBe(2)
    expect(s.stats.byRoute['POST /api/v1/apps']).toBeUndefined()
  })

  it('refuses before sending the password where the grant is gone, pointing to the browser', async () => {
    for (const personality of ['mastodon-4.6', 'gotosocial', 'takahe', 'snac', 'hollo'] as const) {
      const s = await sim(personality)
      const { flows } = flowsFor()
      const e = await failure(flows.passwordSignIn({ input: s.url, ...login }))
      expect(e, personality).toMatchObject({ code: 'unsupported_grant', step: 'request_token' })
      expect(String(e.message)).toMatch(/browser/)
      expect(s.stats.byRoute['POST /oauth/token'], personality).toBeUndefined()
    }
  })

  it('works on Pleroma and Akkoma, keeping the refresh token', async () => {
    for (const personality of ['pleroma', 'akkoma'] as const) {
      const s = await sim(personality)
      const result = await flowsFor().flows.passwordSignIn({ input: s.url, ...login })
      expect(result.tokens.refreshToken, personality).toBeTruthy()
      expect(result.tokens.expiresAt, personality).toBeGreaterThan(Date.now())
    }
  })

  it('gives a clear hint for two-factor accounts', async () => {
    const otp = { username: 'carol', email: 'carol@example.test', password: 'pw', otp: true }
    const masto = await sim('mastodon-4.3')
    masto.addUser(otp)
    const m = await failure(
      flowsFor().flows.passwordSignIn({
        input: masto.url,
        username: otp.email,
        password: otp.password
      })
    )
    expect(m).toMatchObject({ code: 'invalid_credentials' })
    expect(String(m.message)).toMatch(/two-factor/)
    const pleroma = await sim('pleroma')
    pleroma.addUser(otp)
    const p = await failure(
      flowsFor().flows.passwordSignIn({
        input: pleroma.url,
        username: 'carol',
        password: otp.password
      })
    )
    expect(p).toMatchObject({ code: 'unsupported_grant' })
    expect(String(p.message)).toMatch(/two-factor/)
  })

  it('re-registers once when the server forgot the stored app (invalid_client)', async () => {
    const s = await sim('mastodon-4.3')
    const { apps, flows } = flowsFor()
    const first = await flows.passwordSignIn({
      input: s.url,
      username: ALICE.email,
      password: ALICE.password
    })
    s.deleteAllApps()
    const second = await flows.passwordSignIn({
      input: s.url,
      username: ALICE.email,
      password: ALICE.password
    })
    expect(second.app!.clientId).not.toBe(first.app!.clientId)
    expect((await apps.get(s.url))!.clientId).toBe(second.app!.clientId)
    expect(s.stats.byRoute['POST /api/v1/apps']).toBe(2)
  })

  it('signs in by handle on a custom domain; the handle keeps that domain', async () => {
    const s = await sim('mastodon-4.3')
    const domain = await startHandleDomain({ target: s })
    const result = await flowsFor().flows.passwordSignIn({
      input: `@alice@${domain.host}`,
      username: ALICE.email,
      password: ALICE.password
    })
    expect(result).toMatchObject({ handle: `alice@${domain.host}`, apiBaseUrl: s.url })
    await domain.close()
  })

  it('rejects a wrong password as invalid_credentials, and a server with no API as such', async () => {
    const s = await sim('mastodon-4.3')
    expect(
      await failure(
        flowsFor().flows.passwordSignIn({ input: s.url, username: ALICE.email, password: 'nope' })
      )
    ).toMatchObject({
      code: 'invalid_credentials'
    })
    const html = await sim('html-site')
    expect(
      await failure(flowsFor().flows.passwordSignIn({ input: html.url, ...login }))
    ).toMatchObject({ code: 'not_fediverse' })
  })
})

describe('browser sign-in', () => {
  // Both match redirect URIs exactly; Hollo also signs the person in on /login and asks for consent.
  it.each(['gotosocial', 'hollo'] as const)(
    '%s: registers the exact loopback URI, lands on the listener, verifies',
    async (personality) => {
      const s = await sim(personality)
      const { apps, steps, flows, trace } = flowsFor()
      await flows.discover(s.url) // while the person was choosing
      trace.clear()
      const start = await flows.startBrowserSignIn({ input: s.url })
      expect(trace.roundTrips).toBe(1)
      const redirectUri = new URL(start.authorizationUrl).searchParams.get('redirect_uri')!
      expect((await apps.get(s.url))!.redirectUris).toContain(redirectUri)
      expect(new URL(start.authorizationUrl).searchParams.get('code_challenge_method')).toBe('S256')
      expect(new URL(start.manualAuthorizationUrl).searchParams.get('redirect_uri')).toBe(
        OOB_REDIRECT_URI
      )
      const waiting = flows.waitForBrowserSignIn(start.flowId)
      // The browser is not the client: from here on the trace holds what the browser's return set off.
      trace.clear()
      await signInInBrowser(s, start.authorizationUrl)
      const result = await waiting
      expect(result.handle).toBe(`alice@${s.host}`)
      expect(s.isTokenValid(result.tokens.accessToken)).toBe(true)
      expect(trace.roundTrips).toBe(2)
      expect(steps).toEqual([
        'discovering',
        'registering',
        'waiting_for_browser',
        'exchanging_code',
        'verifying'
      ])
    }
  )

  it.each(['gotosocial', 'hollo'] as const)(
    '%s: a second account reuses the app and its port, with force_login',
    async (personality) => {
      const s = await sim(personality)
      const { flows } = flowsFor()
      const first = await flows.startBrowserSignIn({ input: s.url })
      await signInInBrowser(s, first.authorizationUrl)
      await flows.waitForBrowserSignIn(first.flowId)
      s.resetStats()
      const second = await flows.startBrowserSignIn({ input: s.url, forceLogin: true })
      const url = new URL(second.authorizationUrl)
      expect(url.searchParams.get('force_login')).toBe('true')
      expect(url.searchParams.get('redirect_uri')).toBe(
        new URL(first.authorizationUrl).searchParams.get('redirect_uri')
      )
      expect(s.stats.byRoute['POST /api/v1/apps']).toBeUndefined()
      await signInInBrowser(s, second.authorizationUrl, {
        username: 'bob',
        password: 'battery staple'
      })
      expect((await flows.waitForBrowserSignIn(second.flowId)).handle).toBe(`bob@${s.host}`)
    }
  )

  it('Mastodon: reuses the app on any port (RFC 8252 loopback exception)', async () => {
    const s = await sim('mastodon-4.6')
    const { flows } = flowsFor()
    const first = await flows.startBrowserSignIn({ input: s.url })
    await signInInBrowser(s, first.authorizationUrl)
    const alice = await flows.waitForBrowserSignIn(first.flowId)
    const registered = alice.app!.redirectUris[1]!
    const second = await flows.startBrowserSignIn({ input: s.url, forceLogin: true })
    const redirect = new URL(second.authorizationUrl).searchParams.get('redirect_uri')!
    expect(new URL(redirect).port).not.toBe(new URL(registered).port)
    await signInInBrowser(s, second.authorizationUrl, {
      username: 'bob',
      password: 'battery staple'
    })
    expect((await flows.waitForBrowserSignIn(second.flowId)).app!.clientId).toBe(
      alice.app!.clientId
    )
    expect(s.stats.byRoute['POST /api/v1/apps']).toBe(1)
  })

  it('re-registers before opening the browser when the stored app was deleted', async () => {
    const s = await sim('mastodon-4.6')
    const { flows } = flowsFor()
    const first = await flows.startBrowserSignIn({ input: s.url })
    flows.cancel(first.flowId)
    s.deleteAllApps()
    const second = await flows.startBrowserSignIn({ input: s.url })
    await signInInBrowser(s, second.authorizationUrl)
    expect((await flows.waitForBrowserSignIn(second.flowId)).handle).toBe(`alice@${s.host}`)
    expect(s.stats.byRoute['POST /api/v1/apps']).toBe(2)
  })

  it('completes with a pasted out-of-band code', async () => {
    const s = await sim('gotosocial')
    const { flows } = flowsFor()
    const start = await flows.startBrowserSignIn({ input: s.url })
    const waiting = flows.waitForBrowserSignIn(start.flowId)
    const { code } = await s.approve(start.manualAuthorizationUrl, login)
    const result = await flows.completeWithCode(start.flowId, ` ${code!} `)
    expect(result.handle).toBe(`alice@${s.host}`)
    expect(await waiting).toBe(result)
  })

  it('snac: never trusts a token before verify_credentials', async () => {
    const s = await sim('snac')
    const { flows } = flowsFor()
    const start = await flows.startBrowserSignIn({ input: s.url })
    await signInInBrowser(s, start.authorizationUrl)
    const result = await flows.waitForBrowserSignIn(start.flowId)
    expect(result.handle).toBe(`alice@${s.host}`)
    expect(s.stats.byRoute['GET /api/v1/accounts/verify_credentials']).toBeGreaterThanOrEqual(1)
  })

  it('cancels, times out, and forgets finished flows', async () => {
    const s = await sim('mastodon-4.6')
    // Cancelling is tested where the browser has the default ten minutes, so that however slowly
    // the start ran, the cancel comes first; the timeout is tested on flows that wait 100 ms.
    const { flows } = flowsFor()
    const a = await flows.startBrowserSignIn({ input: s.url })
    flows.cancel(a.flowId)
    expect(await failure(flows.waitForBrowserSignIn(a.flowId))).toMatchObject({ code: 'cancelled' })
    const impatient = flowsFor({ loopbackTimeoutMs: 100 }).flows
    const b = await impatient.startBrowserSignIn({ input: s.url })
    expect(await failure(impatient.waitForBrowserSignIn(b.flowId))).toMatchObject({
      code: 'timeout',
      step: 'waiting_for_browser'
    })
    expect(() => flows.waitForBrowserSignIn('no-such-flow')).toThrow(
      expect.objectContaining({ code: 'cancelled' })
    )
  })

  it('a refused code surfaces as invalid_grant', async () => {
    const s = await sim('mastodon-4.6')
    const { flows } = flowsFor()
    const start = await flows.startBrowserSignIn({ input: s.url })
    expect(await failure(flows.completeWithCode(start.flowId, 'made-up'))).toMatchObject({
      code: 'invalid_grant',
      step: 'exchange_code'
    })
  })
})

describe('discover', () => {
  it('is cached per input, and a failure is not', async () => {
    const s = await sim('mastodon-4.6')
    const { flows } = flowsFor()
    const a = await flows.discover(s.url)
    const requests = s.stats.requests
    expect(await flows.discover(` ${s.url} `)).toBe(a)
    expect(s.stats.requests).toBe(requests)

    await s.setOffline(true)
    const other = flowsFor().flows
    expect(await failure(other.discover(s.url))).toMatchObject({ code: 'network' })
    await s.setOffline(false)
    expect((await other.discover(s.url)).software).toBe('mastodon')
  })
})

describe('browser sign-in methods', () => {
  it('runs the first method that supports the server, OAuth everywhere else', async () => {
    const gts = await sim('gotosocial')
    const mastodon = await sim('mastodon-4.6')
    const finished: string[] = []
    let closed = 0
    const flows = new SignInFlows({
      apps: new MemoryClientRegistry(),
      browserMethods: () => [
        {
          name: 'test-only',
          supports: (instance) => instance.software === 'gotosocial',
          authorize: async () => ({
            authorizationUrl: 'http://127.0.0.1:9/test-only',
            manualAuthorizationUrl: 'http://127.0.0.1:9/test-only?manual',
            callback: new Promise<string>(() => {}),
            finish: async (code, via) => {
              finished.push(`${via}:${code}`)
              throw new Error('not a real sign-in')
            },
            close: () => void closed++
          })
        }
      ]
    })
    const a = await flows.startBrowserSignIn({ input: gts.url })
    expect(a.authorizationUrl).toBe('http://127.0.0.1:9/test-only')
    expect(flows.authorizationUrl(a.flowId)).toBe('http://127.0.0.1:9/test-only')
    expect(gts.stats.byRoute['POST /api/v1/apps']).toBeUndefined()
    await failure(flows.completeWithCode(a.flowId, 'pasted-code'))
    expect(finished).toEqual(['pasted:pasted-code'])
    expect(closed).toBe(1)

    const b = await flows.startBrowserSignIn({ input: mastodon.url })
    expect(new URL(b.authorizationUrl).pathname).toBe('/oauth/authorize')
    expect(flows.cancel(b.flowId)).toBe(true)
    expect(flows.cancel(b.flowId)).toBe(false)
    expect(flows.authorizationUrl(b.flowId)).toBeUndefined()
    flows.forget(a.flowId)
    expect(flows.authorizationUrl(a.flowId)).toBeUndefined()
    expect(flows.cancel(a.flowId)).toBe(false)
  })
})
