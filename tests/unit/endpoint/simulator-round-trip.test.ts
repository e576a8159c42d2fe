import { afterEach, describe, expect, test } from 'vitest'
import { startSimulator, type Simulator } from '../../sim'
import { account, authed, send, startEndpoint, type Harness } from './fixtures'
import { signInAlice as signIn } from './sim-sign-in'
import { MemoryAccountSource } from '../../support/endpoint-doubles'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

async function endpointFor(sim: Simulator, accessToken: string): Promise<Harness> {
  const handle = `alice@${sim.host}`
  const source = new MemoryAccountSource(
    [account(handle, { active: true, apiBaseUrl: sim.url })],
    {
      [handle]: { accessToken, tokenType: 'Bearer', scopes: ['read', 'write'], expiresAt: null }
    }
  )
  const h = await startEndpoint({ source })
  cleanups.push(() => h.cleanup())
  return h
}

describe('proxy against the fediverse simulator', () => {
  test.each(['mastodon-4.6', 'gotosocial'] as const)(
    // The simulator answers verify_credentials only for a live token, so "alice" here means the
    // proxy sent her token (and not the endpoint secret). Header stripping is checked field by
    // field against a recording upstream in proxy-http.test.ts.
    '%s: verify_credentials through the proxy answers as alice',
    async (personality) => {
      const sim = await startSimulator({ personality })
      cleanups.push(() => sim.close())
      const token = await signIn(sim)
      const h = await endpointFor(sim, token)
      sim.resetStats()

      const reply = await send(h.port, {
        path: `/v1/proxy/alice@${sim.host}/api/v1/accounts/verify_credentials`,
        headers: authed(h.secret, { cookie: '_session_id=from-the-script' })
      })
      expect(reply.status).toBe(200)
      expect(reply.json()).toMatchObject({ username: 'alice' })
      expect(sim.stats.byRoute).toEqual({ 'GET /api/v1/accounts/verify_credentials': 1 })
      expect(h.service.auditLog()).toEqual([
        expect.objectContaining({
          route: 'GET /api/v1/accounts/verify_credentials',
          account: `alice@${sim.host}`,
          status: 200
        })
      ])
    }
  )

  test('a revoked token comes back as the instance says (401), not as an endpoint error', async () => {
    const sim = await startSimulator({ personality: 'mastodon-4.6' })
    cleanups.push(() => sim.close())
    const h = await endpointFor(sim, await signIn(sim))
    sim.revokeAllTokens('alice')
    const reply = await send(h.port, {
      path: `/v1/proxy/alice@${sim.host}/api/v1/accounts/verify_credentials`,
      headers: authed(h.secret)
    })
    expect(reply.status).toBe(401)
    expect(reply.headers['x-fedivault-error']).toBeUndefined()
  })

  test('cross-origin-redirect: the redirect is not followed and the token never leaves', async () => {
    const sim = await startSimulator({ personality: 'cross-origin-redirect' })
    cleanups.push(() => sim.close())
    // This server redirects all of /api/, app registration included: any token will do.
    const h = await endpointFor(sim, 'token-that-must-stay-home')
    const reply = await send(h.port, {
      path: `/v1/proxy/alice@${sim.host}/api/v1/accounts/verify_credentials`,
      headers: authed(h.secret)
    })
    expect(reply.status).toBe(502)
    expect(reply.json()).toMatchObject({ error: 'upstream_redirect' })
    expect(reply.headers.location).toBeUndefined()
    expect(sim.stats.byRoute).toEqual({ 'GET /api/v1/accounts/verify_credentials': 1 })
    expect(sim.otherOrigin?.requests).toEqual([])
  })
})
