import { describe, expect, it } from 'vitest'
import {
  ActivityPub,
  createPkcePair,
  exchangeAuthorizationCode,
  OOB_REDIRECT_URI,
  passwordGrant,
  refreshToken,
  registerClient,
  revokeToken,
  verifyCredentials
} from '../../../src/main/fediverse'
import { ALICE, failure, quickClient, useSimulators } from './support'

const sim = useSimulators()
const login = { username: ALICE.username, password: ALICE.password }

describe('ActivityPub.createApp', () => {
  it('registers form-encoded with newline-separated redirect_uris, which GoToSocial needs', async () => {
    const s = await sim('gotosocial')
    const [clientId, clientSecret] = await ActivityPub.createApp({
      instanceUrl: s.url,
      redirectUris: [OOB_REDIRECT_URI, 'http://127.0.0.1:5555/callback']
    })
    expect(clientId).toBeTruthy()
    expect(clientSecret).toBeTruthy()
    // The server kept both URIs: the loopback one is usable at the authorization page.
    const url = await ActivityPub.generateAuthorizationUrl({
      instanceUrl: s.url,
      clientId,
      redirectUri: 'http://127.0.0.1:5555/callback'
    })
    expect((await s.approve(url, login)).location).toMatch(
      /^http:\/\/127\.0\.0\.1:5555\/callback\?code=/
    )
  })

  it('works on snac, which only takes a form body', async () => {
    const s = await sim('snac')
    const [clientId] = await ActivityPub.createApp({ instanceUrl: s.url })
    expect(clientId).toMatch(/\w+/)
  })

  it('fails with insecure_url before any request for plain http to a non-loopback host', async () => {
    const s = await sim('mastodon-4.6')
    expect(
      await failure(ActivityPub.createApp({ instanceUrl: 'http://social.example' }))
    ).toMatchObject({ code: 'insecure_url' })
    expect(await failure(ActivityPub.createApp({ instanceUrl: 'not a server' }))).toMatchObject({
      code: 'invalid_url'
    })
    expect(s.stats.requests).toBe(0)
  })

  it('says not_fediverse for a website and unsupported_server for Misskey', async () => {
    const html = await sim('html-site')
    expect(await failure(ActivityPub.createApp({ instanceUrl: html.url }))).toMatchObject({
      code: 'not_fediverse',
      step: 'register_app'
    })
    const misskey = await sim('misskey')
    expect(await failure(ActivityPub.createApp({ instanceUrl: misskey.url }))).toMatchObject({
      code: 'unsupported_server',
      step: 'register_app'
    })
  })

  it('reports a rate limit with the wait the server asked for', async () => {
    const s = await sim('rate-limited')
    expect(await failure(ActivityPub.createApp({ instanceUrl: s.url }))).toMatchObject({
      code: 'rate_limited',
      status: 429,
      retryAfterSeconds: 42,
      step: 'register_app'
    })
  })
})

describe('ActivityPub.getAuthToken (password grant)', () => {
  it('registers an app itself and returns a working token on Mastodon 4.3 (e-mail as username)', async () => {
    const s = await sim('mastodon-4.3')
    const token = await ActivityPub.getAuthToken({
      instanceUrl: s.url,
      username: ALICE.email,
      password: ALICE.password
    })
    expect(s.isTokenValid(token)).toBe(true)
    expect(s.stats.byRoute['POST /api/v1/apps']).toBe(1)
    const account = await new ActivityPub({
      instance: s.url,
      accessToken: token
    }).verifyCredentials()
    expect(account.username).toBe('alice')
  })

  it('uses given client credentials without registering again (Pleroma takes the username)', async () => {
    const s = await sim('pleroma')
    const [clientId, clientSecret] = await ActivityPub.createApp({ instanceUrl: s.url })
    const token = await ActivityPub.getAuthToken({
      instanceUrl: s.url,
      ...login,
      clientId,
      clientSecret
    })
    expect(s.isTokenValid(token)).toBe(true)
    expect(s.stats.byRoute['POST /api/v1/apps']).toBe(1)
  })

  it('maps a refused password to invalid_credentials', async () => {
    const s = await sim('mastodon-4.3')
    expect(
      await failure(
        ActivityPub.getAuthToken({ instanceUrl: s.url, username: ALICE.email, password: 'wrong' })
      )
    ).toMatchObject({
      code: 'invalid_credentials',
      step: 'request_token',
      status: 400
    })
  })

  it('maps a server without the password grant to unsupported_grant (Mastodon 4.6, GoToSocial, Takahē, Hollo)', async () => {
    for (const personality of ['mastodon-4.6', 'gotosocial', 'takahe', 'hollo'] as const) {
      const s = await sim(personality)
      const e = await failure(
        ActivityPub.getAuthToken({
          instanceUrl: s.url,
          username: ALICE.email,
          password: ALICE.password
        })
      )
      expect(e, personality).toMatchObject({ code: 'unsupported_grant', step: 'request_token' })
    }
  })

  it('maps unknown client credentials to invalid_client', async () => {
    const s = await sim('mastodon-4.3')
    const [clientId, clientSecret] = await ActivityPub.createApp({ instanceUrl: s.url })
    s.deleteAllApps()
    expect(
      await failure(
        ActivityPub.getAuthToken({
          instanceUrl: s.url,
          username: ALICE.email,
          password: ALICE.password,
          clientId,
          clientSecret
        })
      )
    ).toMatchObject({
      code: 'invalid_client',
      status: 401
    })
  })
})

describe('authorization URL and code', () => {
  it('builds the authorization URL with OOB by default, scopes, state, PKCE and force_login', async () => {
    const url = new URL(
      await ActivityPub.generateAuthorizationUrl({
        instanceUrl: 'social.example',
        clientId: 'cid',
        scopes: ['read', 'write'],
        state: 'st',
        codeChallenge: 'ch',
        forceLogin: true
      })
    )
    expect(url.origin + url.pathname).toBe('https://social.example/oauth/authorize')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'cid',
      redirect_uri: OOB_REDIRECT_URI,
      scope: 'read write',
      state: 'st',
      code_challenge: 'ch',
      code_challenge_method: 'S256',
      force_login: 'true'
    })
  })

  it('exchanges an out-of-band code with the PKCE verifier (Mastodon 4.3 enforces it)', async () => {
    const s = await sim('mastodon-4.3')
    const [clientId, clientSecret] = await ActivityPub.createApp({ instanceUrl: s.url })
    const pkce = createPkcePair()
    const url = await ActivityPub.generateAuthorizationUrl({
      instanceUrl: s.url,
      clientId,
      codeChallenge: pkce.challenge
    })
    const { code } = await s.approve(url, login)
    const base = { instanceUrl: s.url, clientId, clientSecret, authorizationCode: code! }
    expect(
      await failure(
        ActivityPub.validateAuthorizationCode({ ...base, codeVerifier: createPkcePair().verifier })
      )
    ).toMatchObject({
      code: 'invalid_grant',
      step: 'exchange_code'
    })
    const token = await ActivityPub.validateAuthorizationCode({
      ...base,
      codeVerifier: pkce.verifier
    })
    expect(s.isTokenValid(token)).toBe(true)
    // A code works once.
    expect(
      await failure(ActivityPub.validateAuthorizationCode({ ...base, codeVerifier: pkce.verifier }))
    ).toMatchObject({ code: 'invalid_grant' })
  })

  it('sends redirect_uri with every token request, which GoToSocial requires', async () => {
    const s = await sim('gotosocial')
    const [clientId, clientSecret] = await ActivityPub.createApp({ instanceUrl: s.url })
    const { code } = await s.approve(
      await ActivityPub.generateAuthorizationUrl({ instanceUrl: s.url, clientId }),
      {
        username: ALICE.email,
        password: ALICE.password
      }
    )
    const token = await ActivityPub.validateAuthorizationCode({
      instanceUrl: s.url,
      clientId,
      clientSecret,
      authorizationCode: code!
    })
    expect(s.isTokenValid(token)).toBe(true)
  })

  it('says unsupported_server on Misskey even though it publishes OAuth metadata of its own', async () => {
    const s = await sim('misskey')
    const e = await failure(
      ActivityPub.validateAuthorizationCode({
        instanceUrl: s.url,
        clientId: 'x',
        clientSecret: 'y',
        authorizationCode: 'z'
      })
    )
    expect(e).toMatchObject({ code: 'unsupported_server', step: 'exchange_code' })
    expect(
      await failure(
        ActivityPub.revokeToken({
          instanceUrl: s.url,
          clientId: 'x',
          clientSecret: 'y',
          token: 't'
        })
      )
    ).toMatchObject({
      code: 'unsupported_server'
    })
    expect(
      await failure(new ActivityPub({ instance: s.url, accessToken: 't' }).verifyCredentials())
    ).toMatchObject({ code: 'unsupported_server' })
    // Discovery itself knows the Misskey family (its limits come from /api/meta).
    const server = new ActivityPub({ instance: s.url, accessToken: 't' })
    await server.determineInstanceType()
    expect(server).toMatchObject({ instanceType: 'misskey', maxStatusLen: 3000 })
  })
})

describe('revokeToken', () => {
  it('revokes on the server; revoking again is fine', async () => {
    const s = await sim('gotosocial')
    const [clientId, clientSecret] = await ActivityPub.createApp({ instanceUrl: s.url })
    const { code } = await s.approve(
      await ActivityPub.generateAuthorizationUrl({ instanceUrl: s.url, clientId }),
      login
    )
    const token = await ActivityPub.validateAuthorizationCode({
      instanceUrl: s.url,
      clientId,
      clientSecret,
      authorizationCode: code!
    })
    await ActivityPub.revokeToken({ instanceUrl: s.url, clientId, clientSecret, token })
    expect(s.isTokenValid(token)).toBe(false)
    await ActivityPub.revokeToken({ instanceUrl: s.url, clientId, clientSecret, token })
    expect(
      await failure(new ActivityPub({ instance: s.url, accessToken: token }).verifyCredentials())
    ).toMatchObject({
      code: 'unauthorized',
      status: 401
    })
  })

  it('maps another app’s token to forbidden', async () => {
    const s = await sim('mastodon-4.3')
    const token = await ActivityPub.getAuthToken({
      instanceUrl: s.url,
      username: ALICE.email,
      password: ALICE.password
    })
    const [clientId, clientSecret] = await ActivityPub.createApp({ instanceUrl: s.url })
    expect(
      await failure(ActivityPub.revokeToken({ instanceUrl: s.url, clientId, clientSecret, token }))
    ).toMatchObject({
      code: 'forbidden',
      status: 403,
      step: 'revoke_token'
    })
  })
})

describe('determineInstanceType', () => {
  it.each([
    ['mastodon-4.3', 'mastodon', '4.3.0', 500, 4],
    ['mastodon-4.6', 'mastodon', '4.6.4', 500, 4],
    ['pleroma', 'pleroma', '2.2.50-724-gf917285b-develop+HyNET-prod', 5000, 4],
    ['akkoma', 'akkoma', '3.0.0', 5000, 4],
    ['gotosocial', 'gotosocial', 'v0.19.2', 5000, 6],
    ['takahe', 'takahe', '0.11.0', 500, 4],
    ['snac', 'snac', '2.94', 100000, 4],
    ['hollo', 'hollo', '0.9.13', 10000, 8]
  ] as const)('%s → %s %s', async (personality, type, version, maxStatusLen, maxAttachments) => {
    const s = await sim(personality)
    const ap = new ActivityPub({ instance: s.url, accessToken: 'unused' })
    await ap.determineInstanceType()
    expect({
      type: ap.instanceType,
      version: ap.instanceVersion,
      maxStatusLen: ap.maxStatusLen,
      maxAttachments: ap.maxAttachments
    }).toEqual({
      type,
      version,
      maxStatusLen,
      maxAttachments
    })
    expect(ap.maxAttSize).toBeGreaterThan(0)
  })

  it('reports a plain website as not_fediverse and a silent one as timeout', async () => {
    const html = await sim('html-site')
    expect(
      await failure(
        new ActivityPub({ instance: html.url, accessToken: 'x' }).determineInstanceType()
      )
    ).toMatchObject({ code: 'not_fediverse' })
    const hole = await sim('black-hole')
    expect(
      await failure(
        new ActivityPub({
          instance: hole.url,
          accessToken: 'x',
          client: quickClient()
        }).determineInstanceType()
      )
    ).toMatchObject({
      code: 'timeout'
    })
  })
})

describe('verifyCredentials', () => {
  it('returns the account JSON as the server sent it', async () => {
    const s = await sim('mastodon-4.3')
    const token = await ActivityPub.getAuthToken({
      instanceUrl: s.url,
      username: ALICE.email,
      password: ALICE.password
    })
    const account = await new ActivityPub({
      instance: s.url,
      accessToken: token
    }).verifyCredentials()
    expect(account).toMatchObject({ username: 'alice', display_name: 'Alice :blobcat:' })
    expect(account.note).toContain('<script>')
  })

  it('maps each server’s way of refusing a token to unauthorized', async () => {
    for (const personality of ['mastodon-4.6', 'gotosocial', 'snac', 'pleroma', 'hollo'] as const) {
      const s = await sim(personality)
      const e = await failure(verifyCredentials({ apiBaseUrl: s.url, accessToken: 'bogus' }))
      expect(e, personality).toMatchObject({ code: 'unauthorized', step: 'verify_credentials' })
    }
  })

  it('maps a token without an account scope to forbidden', async () => {
    const s = await sim('mastodon-4.3')
    const app = await registerClient({ apiBaseUrl: s.url, scopes: ['read', 'write'] })
    const tokens = await passwordGrant({
      apiBaseUrl: s.url,
      ...app,
      username: ALICE.email,
      password: ALICE.password,
      scopes: ['write']
    })
    expect(
      await failure(verifyCredentials({ apiBaseUrl: s.url, accessToken: tokens.accessToken }))
    ).toMatchObject({
      code: 'forbidden',
      status: 403
    })
  })

  it('reports broken JSON as bad_response', async () => {
    const s = await sim('broken-json')
    expect(await failure(verifyCredentials({ apiBaseUrl: s.url, accessToken: 'x' }))).toMatchObject(
      { code: 'bad_response' }
    )
  })
})

describe('token sets', () => {
  it('returns refresh token and expiry where the server issues them, and refreshes (Akkoma)', async () => {
    let now = 1_000_000
    const s = await sim('akkoma', { tokenLifetimeSeconds: 600 })
    const app = await registerClient({ apiBaseUrl: s.url })
    const first = await passwordGrant({
      apiBaseUrl: s.url,
      ...app,
      ...login,
      clock: { now: () => now }
    })
    expect(first).toMatchObject({
      tokenType: 'Bearer',
      scope: ['read', 'write', 'follow', 'push'],
      expiresAt: 1_600_000
    })
    expect(first.refreshToken).toBeTruthy()
    now = 2_000_000
    const second = await refreshToken({
      apiBaseUrl: s.url,
      ...app,
      refreshToken: first.refreshToken!,
      clock: { now: () => now }
    })
    expect(second.accessToken).not.toBe(first.accessToken)
    expect(second.expiresAt).toBe(2_600_000)
    expect(s.isTokenValid(second.accessToken)).toBe(true)
    expect(s.isTokenValid(first.accessToken)).toBe(false)
    expect(
      await failure(refreshToken({ apiBaseUrl: s.url, ...app, refreshToken: first.refreshToken! }))
    ).toMatchObject({
      code: 'invalid_grant',
      step: 'refresh_token'
    })
  })

  it('has neither on Mastodon', async () => {
    const s = await sim('mastodon-4.3')
    const app = await registerClient({ apiBaseUrl: s.url })
    const pkce = createPkcePair()
    const url = await ActivityPub.generateAuthorizationUrl({
      instanceUrl: s.url,
      clientId: app.clientId,
      codeChallenge: pkce.challenge
    })
    const { code } = await s.approve(url, login)
    const tokens = await exchangeAuthorizationCode({
      apiBaseUrl: s.url,
      ...app,
      code: code!,
      codeVerifier: pkce.verifier
    })
    expect(tokens.refreshToken).toBeUndefined()
    expect(tokens.expiresAt).toBeUndefined()
    expect(tokens.createdAt).toBeGreaterThan(0)
    await revokeToken({ apiBaseUrl: s.url, ...app, token: tokens.accessToken })
    expect(s.isTokenValid(tokens.accessToken)).toBe(false)
  })
})
