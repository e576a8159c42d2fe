import { afterEach, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../sim'

// The simulator's Hollo 0.9.13 against the real bodies (../shared/fixtures/hollo-0.9.13-*), with
// plain fetch: nothing of the engine is involved.

const OOB = 'urn:ietf:wg:oauth:2.0:oob'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
let s: Simulator
afterEach(async () => {
  await s?.close()
})

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(fields).toString(),
  redirect: 'manual' as const
})

async function register(redirectUris = OOB) {
  const res = await fetch(
    `${s.url}/api/v1/apps`,
    form({ client_name: 'Fedivault', redirect_uris: redirectUris, scopes: 'read write' })
  )
  expect(res.status).toBe(200)
  return (await res.json()) as Record<string, unknown> & {
    client_id: string
    client_secret: string
  }
}

const authorizeUrl = (clientId: string, redirectUri = OOB, state = 'st') =>
  `${s.url}/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: redirectUri, scope: 'read write', state })}`

describe('simulator: hollo', () => {
  it('says a bare 0.9.13 in both instance documents, hollo in NodeInfo 2.1, no password grant', async () => {
    s = await startSimulator({ personality: 'hollo' })
    const v1 = (await (await fetch(`${s.url}/api/v1/instance`)).json()) as { version: string }
    const v2 = (await (await fetch(`${s.url}/api/v2/instance`)).json()) as Record<string, unknown>
    expect(v1.version).toBe('0.9.13')
    expect(v2).toMatchObject({ version: '0.9.13', api_versions: { mastodon: 7 } })
    const index = (await (await fetch(`${s.url}/.well-known/nodeinfo`)).json()) as {
      links: Array<{ href: string }>
    }
    const nodeinfo = (await (await fetch(index.links[0]!.href)).json()) as {
      software: { name: string }
    }
    expect(nodeinfo.software.name).toBe('hollo')
    const md = (await (await fetch(`${s.url}/.well-known/oauth-authorization-server`)).json()) as {
      grant_types_supported: string[]
      token_endpoint: string
    }
    expect(md.grant_types_supported).toEqual(['authorization_code', 'client_credentials'])
    expect(md.token_endpoint).toBe(`${s.url}/oauth/token`)
  })

  it('registers apps with a UUID id, redirect_uris as an array and no scopes field', async () => {
    s = await startSimulator({ personality: 'hollo' })
    const app = await register(`${OOB}\nhttp://127.0.0.1:4567/callback`)
    expect(app.id).toMatch(UUID)
    expect(app.redirect_uris).toEqual([OOB, 'http://127.0.0.1:4567/callback'])
    expect(app.redirect_uri).toBe(`${OOB} http://127.0.0.1:4567/callback`)
    expect(app).not.toHaveProperty('scopes')
  })

  it('sends the person to /login first, refuses a form post from another origin, and puts Deny before Allow', async () => {
    s = await startSimulator({ personality: 'hollo' })
    const app = await register()
    const first = await fetch(authorizeUrl(app.client_id), { redirect: 'manual' })
    expect(first.status).toBe(302)
    const loginPath = first.headers.get('location')!
    expect(loginPath).toMatch(/^\/login\?next=%2Foauth%2Fauthorize/)
    const credentials = { email: 'alice@example.test', password: 'correct horse' }
    const action = `${s.url}${loginPath}`
    expect((await fetch(action, form(credentials))).status).toBe(403)
    expect((await fetch(action, form(credentials, { origin: 'http://evil.test' }))).status).toBe(
      403
    )
    const signedIn = await fetch(action, form(credentials, { origin: s.url }))
    expect(signedIn.status).toBe(302)
    const cookie = signedIn.headers.get('set-cookie')!
    expect(cookie).toMatch(/HttpOnly/)
    const consent = await fetch(new URL(signedIn.headers.get('location')!, s.url), {
      headers: { cookie: cookie.split(';')[0]! }
    })
    const html = await consent.text()
    expect(html.indexOf('value="deny"')).toBeGreaterThan(-1)
    expect(html.indexOf('value="deny"')).toBeLessThan(html.indexOf('value="allow"'))
  })

  it('approve() clicks Allow: a loopback redirect gets code and state; the code page shows it out of band', async () => {
    s = await startSimulator({ personality: 'hollo' })
    const login = { username: 'alice', password: 'correct horse' }
    const loopback = await register('http://127.0.0.1:4567/callback')
    const r = await s.approve(
      authorizeUrl(loopback.client_id, 'http://127.0.0.1:4567/callback'),
      login
    )
    expect(r.location).toMatch(/^http:\/\/127\.0\.0\.1:4567\/callback\?code=[\w-]+&state=st$/)
    // Exact match: another port is not the registered URI.
    const app = await register(`${OOB}\nhttp://127.0.0.1:4567/callback`)
    await expect(
      s.approve(authorizeUrl(app.client_id, 'http://127.0.0.1:4568/callback'), login)
    ).rejects.toThrow(/redirect uri/)
    const oob = await s.approve(authorizeUrl(app.client_id), login)
    expect(oob.code).toMatch(/^[\w-]{20,}$/)
  })

  it('answers the code exchange with created_at in milliseconds, client_credentials in seconds', async () => {
    s = await startSimulator({ personality: 'hollo' })
    const app = await register()
    const { code } = await s.approve(authorizeUrl(app.client_id), {
      username: 'alice',
      password: 'correct horse'
    })
    const creds = { client_id: app.client_id, client_secret: app.client_secret, redirect_uri: OOB }
    const exchanged = (await (
      await fetch(
        `${s.url}/oauth/token`,
        form({ ...creds, grant_type: 'authorization_code', code: code! })
      )
    ).json()) as Record<string, unknown>
    expect(exchanged).not.toHaveProperty('expires_in')
    expect(exchanged).not.toHaveProperty('refresh_token')
    expect(Math.abs(Number(exchanged.created_at) - Date.now())).toBeLessThan(60_000)
    const appToken = (await (
      await fetch(`${s.url}/oauth/token`, form({ ...creds, grant_type: 'client_credentials' }))
    ).json()) as Record<string, unknown>
    expect(Math.abs(Number(appToken.created_at) - Date.now() / 1000)).toBeLessThan(60)
    const password = await fetch(
      `${s.url}/oauth/token`,
      form({ ...creds, grant_type: 'password', username: 'alice', password: 'correct horse' })
    )
    expect(password.status).toBe(400)
    expect(await password.json()).toMatchObject({ error: 'unsupported_grant_type' })
  })

  it('a revoked token is a 401 invalid_token without WWW-Authenticate; no token a 401 unauthorized', async () => {
    s = await startSimulator({ personality: 'hollo' })
    const app = await register()
    const { code } = await s.approve(authorizeUrl(app.client_id), {
      username: 'alice',
      password: 'correct horse'
    })
    const creds = { client_id: app.client_id, client_secret: app.client_secret, redirect_uri: OOB }
    const { access_token: token } = (await (
      await fetch(
        `${s.url}/oauth/token`,
        form({ ...creds, grant_type: 'authorization_code', code: code! })
      )
    ).json()) as { access_token: string }
    const me = async (auth?: string) =>
      fetch(`${s.url}/api/v1/accounts/verify_credentials`, {
        headers: auth ? { authorization: auth } : {}
      })
    const ok = await me(`Bearer ${token}`)
    expect(((await ok.json()) as { id: string }).id).toMatch(UUID)
    const revoked = await fetch(`${s.url}/oauth/revoke`, form({ ...creds, token }))
    expect(revoked.status).toBe(200)
    expect(await revoked.json()).toEqual({})
    const dead = await me(`Bearer ${token}`)
    expect(dead.status).toBe(401)
    expect(dead.headers.get('www-authenticate')).toBeNull()
    expect(await dead.json()).toEqual({ error: 'invalid_token' })
    const none = await me()
    expect(none.status).toBe(401)
    expect(await none.json()).toEqual({ error: 'unauthorized' })
  })
})
