import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import {
  sequentialRoundTrips,
  startHandleDomain,
  startSimulator,
  type Personality,
  type Simulator
} from '../../sim'

// The simulator's own contract, exercised with plain fetch so that nothing of the engine is involved.

const OOB = 'urn:ietf:wg:oauth:2.0:oob'
const VERIFIER = 'a-verifier-of-sufficient-length-0123456789abcdef'
let sims: Simulator[] = []
afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()))
  sims = []
})
async function sim(
  personality: Personality,
  o: { latencyMs?: number; tokenLifetimeSeconds?: number } = {}
) {
  const s = await startSimulator({ personality, ...o })
  sims.push(s)
  return s
}
const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString()
})
async function register(s: Simulator, redirectUris = `${OOB}\nhttp://127.0.0.1:4567/callback`) {
  const res = await fetch(
    `${s.url}/api/v1/apps`,
    form({ client_name: 'test', redirect_uris: redirectUris, scopes: 'read write' })
  )
  expect(res.status).toBe(200)
  return (await res.json()) as {
    client_id: string
    client_secret: string
    redirect_uris?: string[]
  }
}
const authorizeUrl = (
  s: Simulator,
  clientId: string,
  redirectUri: string,
  extra: Record<string, string> = {}
) =>
  `${s.url}/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: redirectUri, scope: 'read', ...extra })}`
async function token(s: Simulator, fields: Record<string, string>) {
  const res = await fetch(`${s.url}/oauth/token`, form(fields))
  return {
    status: res.status,
    body: (await res.json().catch(() => ({}))) as Record<string, string>
  }
}

describe('simulator', () => {
  it('listens on 127.0.0.1 with a random port and serves NodeInfo with its own URLs', async () => {
    const s = await sim('mastodon-4.6')
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(s.host).toBe(s.url.slice('http://'.length))
    const index = (await (await fetch(`${s.url}/.well-known/nodeinfo`)).json()) as {
      links: Array<{ href: string }>
    }
    expect(index.links[0]!.href).toBe(`${s.url}/nodeinfo/2.0`)
    const doc = (await (await fetch(index.links[0]!.href)).json()) as {
      software: { name: string; version: string }
    }
    expect(doc.software).toMatchObject({ name: 'mastodon', version: '4.6.4' })
  })

  it('snac lists NodeInfo 2.1 first at its odd paths and misreports its version', async () => {
    const s = await sim('snac')
    const index = (await (await fetch(`${s.url}/.well-known/nodeinfo`)).json()) as {
      links: Array<{ rel: string; href: string }>
    }
    expect(index.links.map((l) => l.href)).toEqual([
      `${s.url}/nodeinfo_2_1`,
      `${s.url}/nodeinfo_2_0`
    ])
    const v1 = (await (await fetch(`${s.url}/api/v1/instance`)).json()) as { version: string }
    expect(v1.version).toBe('4.0.0 (not true; really snac/2.94)')
    expect((await fetch(`${s.url}/api/v2/instance`)).status).toBe(404)
  })

  it('GoToSocial rejects a JSON array of redirect_uris and accepts the newline-separated string', async () => {
    const s = await sim('gotosocial')
    const json = await fetch(`${s.url}/api/v1/apps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'x', redirect_uris: [OOB] })
    })
    expect(json.status).toBe(400)
    const app = await register(s)
    expect(app.redirect_uris).toEqual([OOB, 'http://127.0.0.1:4567/callback'])
  })

  it('Mastodon ignores the port of a loopback redirect; GoToSocial matches exactly', async () => {
    const masto = await sim('mastodon-4.3')
    const mApp = await register(masto)
    const m = await masto.approve(
      authorizeUrl(masto, mApp.client_id, 'http://127.0.0.1:9999/callback', { state: 's1' }),
      {
        username: 'alice',
        password: 'correct horse'
      }
    )
    expect(m.location).toMatch(/^http:\/\/127\.0\.0\.1:9999\/callback\?code=.+&state=s1$/)

    const gts = await sim('gotosocial')
    const gApp = await register(gts)
    const g = await gts.approve(
      authorizeUrl(gts, gApp.client_id, 'http://127.0.0.1:9999/callback'),
      {
        username: 'alice',
        password: 'correct horse'
      }
    )
    expect(g.location).toContain('error=server_error')
    expect(g.code).toBeUndefined()
  })

  it('shows the out-of-band code the way each server does', async () => {
    for (const personality of ['mastodon-4.6', 'gotosocial', 'snac'] as const) {
      const s = await sim(personality)
      const app = await register(s)
      const r = await s.approve(authorizeUrl(s, app.client_id, OOB), {
        username: 'alice@example.test',
        password: 'correct horse'
      })
      expect(r.code, personality).toMatch(/^[\w-]{20,}$/)
    }
  })

  it('refuses a wrong password on the sign-in page', async () => {
    const s = await sim('mastodon-4.6')
    const app = await register(s)
    await expect(
      s.approve(authorizeUrl(s, app.client_id, OOB), { username: 'alice', password: 'nope' })
    ).rejects.toThrow(/Invalid username/)
  })

  it('Mastodon 4.3 enforces PKCE when a challenge was sent', async () => {
    const s = await sim('mastodon-4.3')
    const app = await register(s)
    const { code } = await s.approve(
      authorizeUrl(s, app.client_id, OOB, {
        code_challenge: createHash('sha256').update(VERIFIER).digest('base64url'),
        code_challenge_method: 'S256'
      }),
      { username: 'alice', password: 'correct horse' }
    )
    const base = {
      grant_type: 'authorization_code',
      code: code!,
      client_id: app.client_id,
      client_secret: app.client_secret,
      redirect_uri: OOB
    }
    expect((await token(s, { ...base, code_verifier: 'wrong' })).body.error).toBe('invalid_grant')
    const ok = await token(s, { ...base, code_verifier: VERIFIER })
    expect(ok.status).toBe(200)
    expect(s.isTokenValid(ok.body.access_token!)).toBe(true)
  })

  it('GoToSocial needs redirect_uri at /oauth/token and refuses the password grant', async () => {
    const s = await sim('gotosocial')
    const app = await register(s)
    const creds = { client_id: app.client_id, client_secret: app.client_secret }
    expect((await token(s, { ...creds, grant_type: 'client_credentials' })).status).toBe(400)
    const pw = await token(s, {
      ...creds,
      grant_type: 'password',
      username: 'alice@example.test',
      password: 'correct horse',
      redirect_uri: OOB
    })
    expect(pw).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } })
  })

  it('snac hands out a token for anything, and only verify_credentials (422, empty body) tells the truth', async () => {
    const s = await sim('snac')
    const app = await register(s)
    const t = await token(s, {
      grant_type: 'password',
      client_id: app.client_id,
      client_secret: 'whatever',
      username: 'alice',
      password: 'wrong'
    })
    expect(t.status).toBe(200)
    const res = await fetch(`${s.url}/api/v1/accounts/verify_credentials`, {
      headers: { authorization: `Bearer ${t.body.access_token}` }
    })
    expect(res.status).toBe(422)
    expect(await res.text()).toBe('')
  })

  it('snac deletes the app when one of its tokens is revoked', async () => {
    const s = await sim('snac')
    const app = await register(s)
    const revoke = await fetch(
      `${s.url}/oauth/revoke`,
      form({ client_id: app.client_id, client_secret: app.client_secret, token: 'x' })
    )
    expect(revoke.status).toBe(200)
    const again = await fetch(
      `${s.url}/oauth/revoke`,
      form({ client_id: app.client_id, client_secret: app.client_secret, token: 'x' })
    )
    expect(again.status).toBe(401)
  })

  it('Pleroma issues refresh tokens that expire as configured, and answers MFA accounts with a challenge', async () => {
    const s = await sim('pleroma', { tokenLifetimeSeconds: 60 })
    s.addUser({ username: 'carol', email: 'carol@example.test', password: 'pw', otp: true })
    const app = await register(s)
    const creds = {
      client_id: app.client_id,
      client_secret: app.client_secret,
      redirect_uri: OOB,
      grant_type: 'password'
    }
    const t = await token(s, { ...creds, username: 'alice', password: 'correct horse' })
    expect(t.body).toMatchObject({ token_type: 'Bearer', expires_in: 60 })
    expect(t.body.refresh_token).toBeTruthy()
    const mfa = await token(s, { ...creds, username: 'carol', password: 'pw' })
    expect(mfa).toMatchObject({ status: 403, body: { error: 'mfa_required' } })
  })

  it('server-side revocation and app deletion take effect', async () => {
    const s = await sim('mastodon-4.3')
    const app = await register(s)
    const creds = { client_id: app.client_id, client_secret: app.client_secret, redirect_uri: OOB }
    const t = await token(s, {
      ...creds,
      grant_type: 'password',
      username: 'alice@example.test',
      password: 'correct horse'
    })
    expect(s.isTokenValid(t.body.access_token!)).toBe(true)
    s.revokeAllTokens('alice')
    expect(s.isTokenValid(t.body.access_token!)).toBe(false)
    s.deleteAllApps()
    expect((await token(s, { ...creds, grant_type: 'client_credentials' })).body.error).toBe(
      'invalid_client'
    )
  })

  it('counts requests, concurrency and sequential round trips, and delays by the configured latency', async () => {
    const s = await sim('mastodon-4.6', { latencyMs: 40 })
    const started = Date.now()
    await Promise.all([fetch(`${s.url}/api/v1/instance`), fetch(`${s.url}/api/v2/instance`)])
    await fetch(`${s.url}/.well-known/nodeinfo`)
    expect(Date.now() - started).toBeGreaterThanOrEqual(80)
    expect(s.stats).toMatchObject({ requests: 3, inFlight: 0, maxInFlight: 2 })
    expect(s.stats.byRoute['GET /api/v1/instance']).toBe(1)
    expect(sequentialRoundTrips(s.stats.log)).toBe(2)
    s.resetStats()
    expect(s.stats.requests).toBe(0)
  })

  it('goes offline (connections refused) and comes back on the same port', async () => {
    const s = await sim('mastodon-4.6')
    await s.setOffline(true)
    await expect(fetch(`${s.url}/api/v1/instance`)).rejects.toThrow()
    await s.setOffline(false)
    expect((await fetch(`${s.url}/api/v1/instance`)).status).toBe(200)
  })

  it('serves avatars and emoji as PNG, and a note with a script tag to sanitise', async () => {
    const s = await sim('mastodon-4.6')
    const png = await fetch(`${s.url}/emoji/blobcat.png`)
    expect(png.headers.get('content-type')).toBe('image/png')
    expect(
      Buffer.from(await png.arrayBuffer())
        .subarray(1, 4)
        .toString()
    ).toBe('PNG')
    expect(s.users[0]!.note).toContain('<script>')
    expect(s.users[0]!.displayName).toContain(':blobcat:')
  })

  it('hostile servers: HTML everywhere, 429 with Retry-After, broken JSON', async () => {
    const html = await sim('html-site')
    const page = await fetch(`${html.url}/api/v1/instance`)
    expect(page.headers.get('content-type')).toMatch(/text\/html/)
    const limited = await sim('rate-limited')
    const r = await fetch(`${limited.url}/api/v1/instance`)
    expect(r.status).toBe(429)
    expect(r.headers.get('retry-after')).toBe('42')
    const broken = await sim('broken-json')
    await expect((await fetch(`${broken.url}/.well-known/nodeinfo`)).json()).rejects.toThrow()
  })

  it('black-hole accepts the connection and never answers', async () => {
    const s = await sim('black-hole')
    await expect(
      fetch(`${s.url}/api/v1/instance`, { signal: AbortSignal.timeout(300) })
    ).rejects.toThrow()
    expect(s.stats.requests).toBe(1)
  })

  it('cross-origin-redirect sends /api/ calls to a second origin that records what it received', async () => {
    const s = await sim('cross-origin-redirect')
    const res = await fetch(`${s.url}/api/v1/accounts/verify_credentials`, { redirect: 'manual' })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(
      `${s.otherOrigin!.url}/api/v1/accounts/verify_credentials`
    )
    await fetch(res.headers.get('location')!, { headers: { authorization: 'Bearer x' } })
    expect(s.otherOrigin!.requests).toEqual([
      expect.objectContaining({
        path: '/api/v1/accounts/verify_credentials',
        authorization: 'Bearer x'
      })
    ])
  })

  it('a handle domain answers WebFinger for the simulator, or points to it with host-meta', async () => {
    const s = await sim('mastodon-4.6')
    const domain = await startHandleDomain({ target: s })
    const jrd = (await (
      await fetch(`${domain.url}/.well-known/webfinger?resource=acct:alice@${domain.host}`)
    ).json()) as {
      links: Array<{ rel: string; href: string }>
    }
    expect(jrd.links.find((l) => l.rel === 'self')!.href).toBe(`${s.url}/users/alice`)
    await domain.close()

    const viaHostMeta = await startHandleDomain({ target: s, via: 'host-meta' })
    expect(
      (
        await fetch(
          `${viaHostMeta.url}/.well-known/webfinger?resource=acct:alice@${viaHostMeta.host}`
        )
      ).status
    ).toBe(404)
    expect(await (await fetch(`${viaHostMeta.url}/.well-known/host-meta`)).text()).toContain(
      `${s.url}/.well-known/webfinger?resource={uri}`
    )
    await viaHostMeta.close()
  })
})
