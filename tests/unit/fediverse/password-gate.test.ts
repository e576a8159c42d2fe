import { describe, expect, it } from 'vitest'
import { ActivityPub, discoverInstance } from '../../../src/main/fediverse'
import { ALICE, failure, useSimulators } from './support'

const sim = useSimulators()
const login = { username: ALICE.email, password: ALICE.password }
/** What left for the server besides look-ups: app registrations and token requests. */
const sent = (s: { stats: { log: Array<{ method: string; path: string }> } }) =>
  s.stats.log.filter((e) => e.method === 'POST').map((e) => e.path)

describe('getAuthToken: no password goes to a server that said it takes none', () => {
  it('Mastodon 4.6 (metadata without "password"): refused locally, nothing sent, the app’s own reason', async () => {
    const s = await sim('mastodon-4.6')
    const e = await failure(ActivityPub.getAuthToken({ instanceUrl: s.url, ...login }))
    expect(e).toMatchObject({ code: 'unsupported_grant', step: 'request_token' })
    expect(sent(s)).toEqual([]) // no app registered, no token request
    const shown = (await discoverInstance(s.url)).auth.passwordGrantReason
    expect(e.message).toBe(`${shown} Sign in with the browser instead.`)
    expect(shown).toMatch(/Mastodon 4\.6\.4 does not allow password sign-in/)
  })

  it('with client credentials given: still no token request', async () => {
    const s = await sim('mastodon-4.6')
    const [clientId, clientSecret] = await ActivityPub.createApp({ instanceUrl: s.url })
    s.resetStats()
    const e = await failure(
      ActivityPub.getAuthToken({ instanceUrl: s.url, ...login, clientId, clientSecret })
    )
    expect(e).toMatchObject({ code: 'unsupported_grant' })
    expect(s.stats.byRoute['POST /oauth/token']).toBeUndefined()
  })

  it('metadata listing "password" (Mastodon 4.3): signs in', async () => {
    const s = await sim('mastodon-4.3')
    const token = await ActivityPub.getAuthToken({ instanceUrl: s.url, ...login })
    expect(s.isTokenValid(token)).toBe(true)
  })

  it('no metadata: tried as before (Pleroma signs in; GoToSocial refuses at its token endpoint)', async () => {
    const pleroma = await sim('pleroma')
    const token = await ActivityPub.getAuthToken({ instanceUrl: pleroma.url, ...login })
    expect(pleroma.isTokenValid(token)).toBe(true)
    const gts = await sim('gotosocial')
    const e = await failure(ActivityPub.getAuthToken({ instanceUrl: gts.url, ...login }))
    expect(e).toMatchObject({ code: 'unsupported_grant', status: 400 })
    expect(gts.stats.byRoute['POST /oauth/token']).toBe(1)
  })
})

describe('getAuthToken on a Misskey-family server: the family first, then any metadata', () => {
  it.each(['misskey', 'sharkey'] as const)(
    '%s: unsupported_server naming MiAuth, though its OAuth metadata is there; nothing sent',
    async (personality) => {
      const s = await sim(personality)
      // The trap: Misskey's own OAuth 2.0 metadata, which knows no password grant.
      const md = (await (
        await fetch(`${s.url}/.well-known/oauth-authorization-server`)
      ).json()) as {
        grant_types_supported: string[]
      }
      expect(md.grant_types_supported).toEqual(['authorization_code'])
      s.resetStats()
      const e = await failure(ActivityPub.getAuthToken({ instanceUrl: s.url, ...login }))
      expect(e).toMatchObject({ code: 'unsupported_server', step: 'request_token' })
      const name = personality === 'misskey' ? 'Misskey 2025.7.0' : 'Sharkey 2025.4.7'
      expect(e.message).toBe(
        `${s.host} runs ${name}, a Misskey-family server: it has no password sign-in and no ` +
          'Mastodon client API for apps. It signs apps in through MiAuth, where you approve the ' +
          "app's permissions on the server's own page: use the browser sign-in."
      )
      expect(e.message).not.toMatch(/offers authorization_code/)
      expect(sent(s).filter((path) => path !== '/api/meta')).toEqual([])
    }
  )

  it('with client credentials given (from some other registration): refused the same way', async () => {
    const s = await sim('sharkey')
    const e = await failure(
      ActivityPub.getAuthToken({
        instanceUrl: s.url,
        ...login,
        clientId: 'some-client',
        clientSecret: 'some-secret'
      })
    )
    expect(e).toMatchObject({ code: 'unsupported_server' })
    expect(s.stats.byRoute['POST /oauth/token']).toBeUndefined()
  })
})
