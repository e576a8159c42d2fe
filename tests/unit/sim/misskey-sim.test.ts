import { describe, expect, it } from 'vitest'
import { useSimulators } from '../fediverse/support'

const sim = useSimulators()

const post = (url: string, body: unknown = {}, token?: string) =>
  fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {})
    },
    body: JSON.stringify(body)
  })

describe('Misskey personality (PROTOCOL.md §6)', () => {
  it('has NodeInfo `misskey`, /api/meta with features.miauth, OAuth metadata, and no Mastodon API', async () => {
    const s = await sim('misskey')
    const index = (await (await fetch(`${s.url}/.well-known/nodeinfo`)).json()) as {
      links: Array<{ href: string }>
    }
    const nodeinfo = (await (await fetch(index.links[0]!.href)).json()) as {
      software: { name: string; version: string }
    }
    expect(nodeinfo.software).toMatchObject({ name: 'misskey', version: '2025.7.0' })
    const meta = (await (await post(`${s.url}/api/meta`)).json()) as Record<string, unknown>
    expect(meta).toMatchObject({
      version: '2025.7.0',
      maxNoteTextLength: 3000,
      uri: s.url,
      features: { miauth: true }
    })
    expect((await fetch(`${s.url}/.well-known/oauth-authorization-server`)).status).toBe(200)
    const v1 = await fetch(`${s.url}/api/v1/instance`)
    expect(v1.status).toBe(404)
    expect(await v1.json()).toMatchObject({ error: { code: 'UNKNOWN_API_ENDPOINT' } })
    const old = await sim('misskey', { miauth: false })
    const oldMeta = (await (await post(`${old.url}/api/meta`)).json()) as {
      features: Record<string, unknown>
    }
    expect(oldMeta.features.miauth).toBeUndefined()
  })

  it('MiAuth: page → approve → callback?session=…, then check hands the token out exactly once', async () => {
    const s = await sim('misskey')
    const session = crypto.randomUUID()
    const callback = 'http://127.0.0.1:9/cb'
    const url = `${s.url}/miauth/${session}?name=Fedivault&callback=${encodeURIComponent(callback)}&permission=read:account,write:notes,bogus:perm`
    const html = await (await fetch(url)).text()
    expect(html).toContain('Fedivault')
    expect(html).toContain('<li>read:account</li>')
    expect(html).not.toContain('bogus:perm') // unknown permissions are dropped silently

    expect(await (await post(`${s.url}/api/miauth/${session}/check`)).json()).toEqual({ ok: false })
    const { location } = await s.approve(url, { username: 'alice', password: 'correct horse' })
    expect(location).toBe(`${callback}?session=${session}`)

    const first = (await (await post(`${s.url}/api/miauth/${session}/check`)).json()) as {
      ok: boolean
      token: string
      user: { username: string }
    }
    expect(first).toMatchObject({ ok: true, user: { username: 'alice' } })
    expect(await (await post(`${s.url}/api/miauth/${session}/check`)).json()).toEqual({ ok: false })
    expect(s.misskey.checks.map((c) => c.answer)).toEqual(['pending', 'token', 'already_fetched'])

    const me = await post(`${s.url}/api/i`, {}, first.token)
    expect(me.status).toBe(200)
    expect(await me.json()).toMatchObject({ username: 'alice', name: 'Alice :blobcat:' })
    // The token in the body (`i`) works as well.
    expect((await post(`${s.url}/api/i`, { i: first.token })).status).toBe(200)
  })

  it('answers with Misskey error bodies: 401, 403, 400 on revoke-token, 429 with Retry-After, 404', async () => {
    const s = await sim('misskey')
    const bad = await post(`${s.url}/api/i`, {}, 'nope')
    expect(bad.status).toBe(401)
    expect(bad.headers.get('www-authenticate')).toContain('error="invalid_token"')
    expect(await bad.json()).toMatchObject({
      error: { code: 'AUTHENTICATION_FAILED', kind: 'client' }
    })

    const session = crypto.randomUUID()
    const url = `${s.url}/miauth/${session}?name=X&permission=read:account`
    expect(await s.approve(url, { username: 'bob', password: 'battery staple' })).toEqual({})
    const { token } = (await (await post(`${s.url}/api/miauth/${session}/check`)).json()) as {
      token: string
    }
    const denied = await post(`${s.url}/api/notes/create`, { text: 'hi' }, token)
    expect(denied.status).toBe(403)
    expect(await denied.json()).toMatchObject({ error: { code: 'PERMISSION_DENIED' } })

    const revoke = await post(`${s.url}/api/i/revoke-token`, { token }, token)
    expect(revoke.status).toBe(400)
    expect(await revoke.json()).toMatchObject({ error: { code: 'ACCESS_DENIED' } })
    expect((await post(`${s.url}/api/i`, {}, token)).status).toBe(200) // still works

    s.misskey.rateLimitNext.set('i', 7)
    const limited = await post(`${s.url}/api/i`, {}, token)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('7')
    expect(await limited.json()).toMatchObject({ error: { code: 'RATE_LIMIT_EXCEEDED' } })

    const unknown = await post(`${s.url}/api/nope`, {}, token)
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toMatchObject({ error: { code: 'UNKNOWN_API_ENDPOINT' } })

    s.revokeAllTokens('bob')
    expect((await post(`${s.url}/api/i`, {}, token)).status).toBe(401)
  })

  it('a user without a display name has name null and an identicon', async () => {
    const s = await sim('misskey', {
      users: [{ username: 'dave', email: 'dave@example.test', password: 'pw' }]
    })
    const session = crypto.randomUUID()
    await s.approve(`${s.url}/miauth/${session}?name=X&permission=read:account`, {
      username: 'dave',
      password: 'pw'
    })
    const check = (await (await post(`${s.url}/api/miauth/${session}/check`)).json()) as {
      user: Record<string, unknown>
    }
    expect(check.user).toMatchObject({
      name: null,
      username: 'dave',
      avatarUrl: `${s.url}/identicon/dave@${s.host}`
    })
  })
})

describe('Sharkey personality', () => {
  it('speaks both APIs; its MiAuth token works on the Mastodon endpoints', async () => {
    const s = await sim('sharkey')
    const meta = (await (await post(`${s.url}/api/meta`)).json()) as Record<string, unknown>
    expect(meta).toMatchObject({ version: '2025.4.7', features: { miauth: true } })
    const v1 = (await (await fetch(`${s.url}/api/v1/instance`)).json()) as { version: string }
    expect(v1.version).toBe('3.0.0 (compatible; Sharkey 2025.4.7; like Akkoma)')
    const v2 = await fetch(`${s.url}/api/v2/instance`)
    expect(v2.status).toBe(404)
    expect(await v2.json()).toMatchObject({ error: { code: 'UNKNOWN_API_ENDPOINT' } })

    const session = crypto.randomUUID()
    await s.approve(`${s.url}/miauth/${session}?name=X&permission=read:account`, {
      username: 'alice',
      password: 'correct horse'
    })
    const { token } = (await (await post(`${s.url}/api/miauth/${session}/check`)).json()) as {
      token: string
    }
    const vc = await fetch(`${s.url}/api/v1/accounts/verify_credentials`, {
      headers: { authorization: `Bearer ${token}` }
    })
    expect(vc.status).toBe(200)
    expect(await vc.json()).toMatchObject({ username: 'alice' })
  })

  it('a Mastodon app registration serves one sign-in; the second hangs on the page', async () => {
    const s = await sim('sharkey')
    const redirect = 'http://127.0.0.1:9/cb'
    const app = (await (
      await fetch(`${s.url}/api/v1/apps`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_name: 'T',
          redirect_uris: redirect,
          scopes: 'read write'
        }).toString()
      })
    ).json()) as { client_id: string }
    const authorize = `${s.url}/oauth/authorize?response_type=code&client_id=${encodeURIComponent(app.client_id)}&redirect_uri=${encodeURIComponent(redirect)}&scope=read+write`
    const first = await s.approve(authorize, { username: 'alice', password: 'correct horse' })
    expect(first.code).toBeTruthy()
    await expect(
      s.approve(authorize, { username: 'bob', password: 'battery staple' })
    ).rejects.toThrow(/no form/)
  })
})
