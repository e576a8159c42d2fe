import { describe, expect, it } from 'vitest'
import { createHttpClient, discoverInstance, SignInFlows } from '../../../src/main/fediverse'
import { MemoryClientRegistry } from '../../support/memory-client-registry'
import { ALICE, useSimulators } from './support'

// The engine against the simulator's Hollo 0.9.13 (PROTOCOL.md §7), where it differs from the
// others: a bare version string, and a code exchange that answers `created_at` in milliseconds.
// Its password refusal, dead tokens and browser sign-in run in the tests that loop over servers
// (activitypub, signin-flows, vault/simulator).

const sim = useSimulators()
const login = { username: ALICE.username, password: ALICE.password }
const DAY = 24 * 60 * 60 * 1000

describe('Hollo', () => {
  it('is discovered as Hollo 0.9.13, not Mastodon 0.9, without the password grant', async () => {
    const s = await sim('hollo')
    const info = await discoverInstance(s.url)
    expect(info).toMatchObject({ software: 'hollo', version: '0.9.13' })
    expect(info.auth.passwordGrant).toBe('unsupported')
  })

  it('browser sign-in through the loopback listener dates the token when it was issued', async () => {
    const s = await sim('hollo')
    const flows = new SignInFlows({ apps: new MemoryClientRegistry(), client: createHttpClient() })
    const before = Date.now()
    const start = await flows.startBrowserSignIn({ input: s.url })
    const waiting = flows.waitForBrowserSignIn(start.flowId)
    const { location } = await s.approve(start.authorizationUrl, login)
    expect(location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\?code=/)
    await (await fetch(location!)).text()
    const result = await waiting
    expect(result.handle).toBe(`alice@${s.host}`)
    expect(result.account.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/)
    expect(result.tokens.createdAt).toBeGreaterThanOrEqual(before - 1_000)
    expect(result.tokens.createdAt).toBeLessThanOrEqual(Date.now() + 1_000)
  })

  it('out-of-band code: the same sane date', async () => {
    const s = await sim('hollo')
    const flows = new SignInFlows({ apps: new MemoryClientRegistry() })
    const start = await flows.startBrowserSignIn({ input: s.url })
    const { code } = await s.approve(start.manualAuthorizationUrl, login)
    const result = await flows.completeWithCode(start.flowId, code!)
    expect(Math.abs(result.tokens.createdAt - Date.now())).toBeLessThan(DAY)
    expect(new Date(result.tokens.createdAt).getUTCFullYear()).toBeLessThan(3000)
  })
})
