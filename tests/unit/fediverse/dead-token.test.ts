import { describe, expect, it } from 'vitest'
import { ActivityPub, errorFromResponse, verifyCredentials } from '../../../src/main/fediverse'
import { ALICE, failure, useSimulators } from './support'

const sim = useSimulators()

const VERIFY = 'https://social.example/api/v1/accounts/verify_credentials'
const answer = (status: number, body: string, headers: Record<string, string>) => ({
  status,
  headers,
  body,
  url: VERIFY
})
const json = { 'content-type': 'application/json; charset=utf-8' }
const checking = { authenticated: true }

/** Misskey 2025.7.0's answer to a bad token (shared fixture misskey-2025.7.0-i-bad-token.json). */
const misskeyBadToken = {
  status: 401,
  'www-authenticate':
    'Bearer realm="Misskey", error="invalid_token", error_description="Authentication failed. Please ensure your token is correct."',
  body: {
    error: {
      message: 'Authentication failed. Please ensure your token is correct.',
      code: 'AUTHENTICATION_FAILED',
      id: 'b0a7f5f8-dc2f-4171-b91f-de88ad238e14',
      kind: 'client'
    }
  }
}

describe('a dead token reads as "sign in again", whatever the server family', () => {
  const cases: Array<[string, ReturnType<typeof answer>, string]> = [
    [
      "Takahē: 400 text/html 'Invalid Bearer token'",
      answer(400, 'Invalid Bearer token', { 'content-type': 'text/html; charset=utf-8' }),
      'Invalid Bearer token'
    ],
    [
      "Mastodon: JSON 'The access token is invalid'",
      answer(401, JSON.stringify({ error: 'The access token is invalid' }), json),
      'The access token is invalid'
    ],
    [
      'Mastodon wording with a 400',
      answer(400, JSON.stringify({ error: 'The access token was revoked' }), json),
      'The access token was revoked'
    ],
    [
      'Misskey: AUTHENTICATION_FAILED in {error:{code,message,kind}}',
      answer(misskeyBadToken.status, JSON.stringify(misskeyBadToken.body), {
        ...json,
        'www-authenticate': misskeyBadToken['www-authenticate']
      }),
      'Authentication failed. Please ensure your token is correct.'
    ],
    [
      'Misskey-style body with a 400 and no challenge',
      answer(
        400,
        JSON.stringify({
          error: {
            code: 'AUTHENTICATION_FAILED',
            message: 'Authentication failed.',
            kind: 'client'
          }
        }),
        json
      ),
      'Authentication failed.'
    ],
    [
      "Sharkey's Mastodon API: error 'AUTHENTICATION_FAILED'",
      answer(400, JSON.stringify({ error: 'AUTHENTICATION_FAILED' }), json),
      'AUTHENTICATION_FAILED'
    ],
    [
      'RFC 6750: WWW-Authenticate error="invalid_token" on a 400',
      answer(400, '', { 'www-authenticate': 'Bearer realm="api", error="invalid_token"' }),
      ''
    ],
    [
      'a short text body naming the token',
      answer(400, 'token expired', { 'content-type': 'text/plain' }),
      'token expired'
    ],
    [
      'Pleroma: 403 Invalid credentials.',
      answer(403, JSON.stringify({ error: 'Invalid credentials.' }), json),
      'Invalid credentials.'
    ]
  ]

  it.each(cases)('%s → unauthorized, keeping status and server message', (_name, res, words) => {
    const e = errorFromResponse(res, 'verify_credentials', checking)
    expect(e).toMatchObject({
      code: 'unauthorized',
      status: res.status,
      step: 'verify_credentials'
    })
    if (words) expect(e.serverMessage).toBe(words)
  })

  it('a suspended account is forbidden (still "sign in again" in the vault), not unauthorized', () => {
    const misskey = answer(
      403,
      JSON.stringify({
        error: { code: 'YOUR_ACCOUNT_SUSPENDED', message: 'Your account has been suspended.' }
      }),
      json
    )
    expect(errorFromResponse(misskey, 'verify_credentials', checking)).toMatchObject({
      code: 'forbidden',
      status: 403,
      serverMessage: 'Your account has been suspended.'
    })
    const text = answer(400, 'Account suspended', { 'content-type': 'text/html' })
    expect(errorFromResponse(text, 'verify_credentials', checking).code).toBe('forbidden')
  })

  it('without a token being checked, the same answers stay what they were', () => {
    const takahe = answer(400, 'Invalid Bearer token', { 'content-type': 'text/html' })
    expect(errorFromResponse(takahe, 'register_app').code).toBe('unsupported_server')
    const misskey = answer(
      400,
      JSON.stringify({ error: { code: 'AUTHENTICATION_FAILED', id: 'x' } }),
      json
    )
    expect(errorFromResponse(misskey, 'register_app').code).toBe('unsupported_server')
  })

  it('a 400 about something else stays what it is, token or not', () => {
    for (const body of [
      { error: 'Validation failed: Text can’t be blank' },
      { error: 'This action is outside the authorized scopes' },
      { error: 'invalid_request', error_description: 'Missing parameter' }
    ]) {
      const e = errorFromResponse(
        answer(400, JSON.stringify(body), json),
        'verify_credentials',
        checking
      )
      expect(e.code, JSON.stringify(body)).toBe('unsupported_server')
      expect(e.status).toBe(400)
    }
    const page = answer(400, '<!doctype html><title>Bad Request</title><p>token</p>', {
      'content-type': 'text/html'
    })
    expect(errorFromResponse(page, 'verify_credentials', checking).code).toBe('unsupported_server')
    // A scope problem is not a dead token: forbidden, as before.
    expect(
      errorFromResponse(
        answer(
          403,
          JSON.stringify({ error: 'This action is outside the authorized scopes' }),
          json
        ),
        'verify_credentials',
        checking
      ).code
    ).toBe('forbidden')
  })
})

describe('Takahē (simulated exactly): a dead token is unauthorized', () => {
  it('an unknown token: HTTP 400, the server’s words kept', async () => {
    const s = await sim('takahe')
    const e = await failure(verifyCredentials({ apiBaseUrl: s.url, accessToken: 'never-issued' }))
    expect(e).toMatchObject({
      code: 'unauthorized',
      step: 'verify_credentials',
      status: 400,
      serverMessage: 'Invalid Bearer token'
    })
  })

  it('a token after revocation (which Takahē answers with an empty 200 page)', async () => {
    const s = await sim('takahe')
    const [clientId, clientSecret] = await ActivityPub.createApp({ instanceUrl: s.url })
    const url = await ActivityPub.generateAuthorizationUrl({ instanceUrl: s.url, clientId })
    const { code } = await s.approve(url, { username: ALICE.email, password: ALICE.password })
    const accessToken = await ActivityPub.validateAuthorizationCode({
      instanceUrl: s.url,
      clientId,
      clientSecret,
      authorizationCode: code!
    })
    const me = await verifyCredentials({ apiBaseUrl: s.url, accessToken })
    expect(me.username).toBe('alice')
    await ActivityPub.revokeToken({
      instanceUrl: s.url,
      clientId,
      clientSecret,
      token: accessToken
    })
    expect(s.isTokenValid(accessToken)).toBe(false)
    const e = await failure(verifyCredentials({ apiBaseUrl: s.url, accessToken }))
    expect(e).toMatchObject({
      code: 'unauthorized',
      status: 400,
      serverMessage: 'Invalid Bearer token'
    })
  })
})
