import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { authed, corsHeaders, send, startEndpoint, type Harness } from './fixtures'

let h: Harness
beforeEach(async () => {
  h = await startEndpoint()
})
afterEach(async () => {
  await h.cleanup()
})

const get = (path: string, headers: Record<string, string> = authed(h.secret)) =>
  send(h.port, { path, headers })

describe('GET /v1/accounts', () => {
  test('lists every account in snake_case, without any token', async () => {
    const reply = await get('/v1/accounts')
    expect(reply.status).toBe(200)
    expect(reply.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(reply.headers['cache-control']).toBe('no-store')
    expect(reply.json()).toEqual({
      accounts: [
        {
          id: 'alice@social.example',
          handle: 'alice@social.example',
          instance_url: 'https://social.example',
          software: 'mastodon',
          api: 'mastodon',
          display_name: 'ALICE',
          avatar: 'https://a/x.png',
          active: true,
          status: 'ok',
          last_verified_at: null
        },
        expect.objectContaining({ handle: 'bob@social.example', avatar: null, active: false }),
        expect.objectContaining({ handle: 'carol@other.example', status: 'needs_reauth' })
      ]
    })
    expect(reply.text).not.toMatch(/token/i)
  })
})

describe('GET /v1/token', () => {
  test("hands out the active account's token", async () => {
    const reply = await get('/v1/token')
    expect(reply.status).toBe(200)
    expect(reply.json()).toEqual({
      access_token: 'alice-token-0123456789',
      token_type: 'Bearer',
      scope: 'read write',
      instance_url: 'https://social.example',
      handle: 'alice@social.example',
      expires_at: null,
      software: 'mastodon',
      api: 'mastodon'
    })
  })

  test('hands out a named account, with or without a leading @, expiry as ISO 8601', async () => {
    for (const name of ['bob@social.example', '@bob@social.example', 'bob%40social.example']) {
      const reply = await get(`/v1/token?account=${name}`)
      expect(reply.status).toBe(200)
      expect(reply.json()).toMatchObject({
        access_token: 'bob-token-9876543210',
        handle: 'bob@social.example',
        expires_at: '2030-01-02T03:04:05.000Z'
      })
    }
  })

  test('404 unknown_account for a handle Fedivault does not have', async () => {
    const reply = await get('/v1/token?account=nobody@social.example')
    expect(reply.status).toBe(404)
    expect(reply.json()).toEqual({ error: 'unknown_account', message: expect.any(String) })
  })

  test('409 no_active_account when no account is active', async () => {
    h.source.accounts = h.source.accounts.map((a) => ({ ...a, active: false }))
    const reply = await get('/v1/token')
    expect(reply.status).toBe(409)
    expect(reply.json()).toMatchObject({ error: 'no_active_account' })
  })

  test('423 needs_reauth for an account that must sign in again', async () => {
    const reply = await get('/v1/token?account=carol@other.example')
    expect(reply.status).toBe(423)
    expect(reply.json()).toMatchObject({ error: 'needs_reauth' })
  })

  test('400 for an empty account parameter', async () => {
    const reply = await get('/v1/token?account=')
    expect(reply.status).toBe(400)
    expect(reply.json()).toMatchObject({ error: 'bad_request' })
  })

  test('every handout and refusal is audited with route and account, never the token', async () => {
    await get('/v1/token')
    await get('/v1/token?account=bob@social.example')
    await get('/v1/token?account=nobody@social.example')
    await get('/v1/accounts')
    const entries = h.service.auditLog()
    expect(entries).toEqual([
      {
        at: expect.any(Number),
        route: 'GET /v1/token',
        account: 'alice@social.example',
        status: 200
      },
      {
        at: expect.any(Number),
        route: 'GET /v1/token',
        account: 'bob@social.example',
        status: 200
      },
      {
        at: expect.any(Number),
        route: 'GET /v1/token',
        account: 'nobody@social.example',
        status: 404
      }
    ])
    expect(JSON.stringify(entries)).not.toMatch(/token-\d/)
  })
})

describe('anything else', () => {
  test('404 not_found for unknown paths, 405 for other methods on the token routes', async () => {
    const unknown = await get('/v1/tokens')
    expect(unknown.status).toBe(404)
    expect(unknown.json()).toMatchObject({ error: 'not_found' })
    const post = await send(h.port, {
      method: 'POST',
      path: '/v1/token',
      headers: authed(h.secret)
    })
    expect(post.status).toBe(405)
    expect(post.json()).toMatchObject({ error: 'method_not_allowed' })
  })

  test('no response ever carries a CORS header', async () => {
    const replies = await Promise.all([
      get('/v1/accounts'),
      get('/v1/token'),
      get('/v1/token?account=nobody@x'),
      get('/nowhere'),
      get('/v1/token', {}),
      send(h.port, {
        path: '/v1/token',
        headers: authed(h.secret, { origin: 'https://evil.example' })
      }),
      send(h.port, {
        method: 'OPTIONS',
        path: '/v1/token',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' }
      })
    ])
    for (const reply of replies) expect(corsHeaders(reply.headers)).toEqual([])
  })
})
