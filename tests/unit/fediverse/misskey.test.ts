import { describe, expect, it, vi } from 'vitest'
import {
  createHttpClient,
  discoverInstance,
  SignInFlows,
  type SignInFlowsDeps
} from '../../../src/main/fediverse'
import { misskeyCall } from '../../../src/main/fediverse/misskey/api'
import { MIAUTH_PERMISSIONS } from '../../../src/main/fediverse/misskey/permissions'
import { verifyMisskeyAccount } from '../../../src/main/fediverse/misskey/user'
import { traceInRounds, type Simulator } from '../../sim'
import { failure, useSimulators } from './support'
import { MemoryClientRegistry } from '../../support/memory-client-registry'

const sim = useSimulators()
const ALICE = { username: 'alice', password: 'correct horse' }
const BOB = { username: 'bob', password: 'battery staple' }

function flows(options: Partial<SignInFlowsDeps> = {}) {
  return new SignInFlows({
    client: createHttpClient(),
    apps: new MemoryClientRegistry(),
    miauthPoll: { intervalMs: 40, maxDelayMs: 80 },
    ...options
  })
}

/** The person approves on the server's page; the browser then follows the redirect home. */
async function approveAndReturn(s: Simulator, url: string, login = ALICE): Promise<void> {
  const { location } = await s.approve(url, login)
  expect(location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\?session=/)
  expect((await fetch(location!)).status).toBe(200)
}

const tokenChecks = (s: Simulator) => s.misskey.checks.filter((c) => c.answer === 'token')
const checksAfterToken = (s: Simulator) => {
  const i = s.misskey.checks.findIndex((c) => c.answer === 'token')
  return i < 0 ? [] : s.misskey.checks.slice(i + 1)
}

describe('Misskey family: discovery', () => {
  it('names software, version and limits from NodeInfo and /api/meta, and offers MiAuth only', async () => {
    const s = await sim('misskey')
    const info = await discoverInstance(s.url)
    expect(info).toMatchObject({
      api: 'misskey',
      software: 'misskey',
      version: '2025.7.0',
      domain: s.host,
      limits: { maxStatusLen: 3000, maxAttachments: 16 },
      auth: { passwordGrant: 'unsupported', revocation: 'unsupported', metadata: false }
    })
    expect(info.auth.passwordGrantReason).toMatch(/no password sign-in/)
    expect(s.stats.byRoute['POST /api/meta']).toBe(1)
  })

  it('Sharkey is a Misskey-family server despite its Mastodon API', async () => {
    const s = await sim('sharkey')
    expect(await discoverInstance(s.url)).toMatchObject({
      api: 'misskey',
      software: 'sharkey',
      version: '2025.4.7'
    })
  })

  it('refuses a Misskey without MiAuth (older than 12.28), naming it', async () => {
    const s = await sim('misskey', { miauth: false })
    const e = await failure(discoverInstance(s.url))
    expect(e).toMatchObject({ code: 'unsupported_server', step: 'discover' })
    expect(e.message).toMatch(/Misskey 2025\.7\.0, which does not offer MiAuth/)
  })

  it('password sign-in is refused before any password is sent', async () => {
    const s = await sim('misskey')
    const e = await failure(flows().passwordSignIn({ input: s.url, ...ALICE }))
    expect(e).toMatchObject({ code: 'unsupported_server' })
    expect(e.message).toMatch(/Misskey 2025\.7\.0, a Misskey-family server: .* through MiAuth/)
    expect(s.stats.byRoute['POST /oauth/token']).toBeUndefined()
  })

  it('on Sharkey, once looked up, a password attempt does not start an app registration either', async () => {
    const s = await sim('sharkey')
    // Provisioning starts by asking the registry for a stored app: a request for it means an app
    // registration is on its way to Sharkey's Mastodon side.
    const asked: string[] = []
    const apps = new (class extends MemoryClientRegistry {
      override get(apiBaseUrl: string) {
        asked.push(apiBaseUrl)
        return super.get(apiBaseUrl)
      }
    })()
    const f = flows({ apps })
    expect((await f.discover(s.url)).api).toBe('misskey')
    const e = await failure(f.passwordSignIn({ input: s.url, ...ALICE }))
    expect(e).toMatchObject({ code: 'unsupported_server' })
    expect(e.message).toMatch(/Sharkey 2025\.4\.7, a Misskey-family server: .* through MiAuth/)
    expect(asked).toEqual([])
    expect(s.stats.byRoute['POST /api/v1/apps']).toBeUndefined()
    expect(s.stats.byRoute['POST /oauth/token']).toBeUndefined()
  })
})

describe('Misskey family: MiAuth sign-in', () => {
  it('opens the miauth page with a fresh session, the app name, the callback and the permissions', async () => {
    const s = await sim('misskey')
    const f = flows({ clientName: 'Fedivault' })
    const a = await f.startBrowserSignIn({ input: s.url })
    const b = await f.startBrowserSignIn({ input: s.url })
    expect(a).toMatchObject({ method: 'miauth', pasteCode: false, permissions: MIAUTH_PERMISSIONS })
    const url = new URL(a.authorizationUrl)
    const session = url.pathname.split('/')[2]!
    expect(url.pathname).toMatch(
      /^\/miauth\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
    )
    expect(new URL(b.authorizationUrl).pathname).not.toBe(url.pathname)
    expect(url.searchParams.get('name')).toBe('Fedivault')
    expect(url.searchParams.get('callback')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/)
    expect(url.searchParams.get('permission')!.split(',')).toEqual(MIAUTH_PERMISSIONS)
    const manual = new URL(a.manualAuthorizationUrl)
    expect(manual.pathname).toBe(`/miauth/${session}`)
    expect(manual.searchParams.has('callback')).toBe(false)
    f.cancelAll()
  })

  it('browser comes back: check once, verify with /api/i, the profile in the Mastodon shape', async () => {
    const s = await sim('misskey')
    const f = flows()
    const flow = await f.startBrowserSignIn({ input: s.url })
    await approveAndReturn(s, flow.authorizationUrl)
    const result = await f.waitForBrowserSignIn(flow.flowId)
    expect(result).toMatchObject({
      api: 'misskey',
      handle: `alice@${s.host}`,
      apiBaseUrl: s.url,
      account: {
        username: 'alice',
        display_name: 'Alice :blobcat:',
        avatar: `${s.url}/avatars/alice.png`,
        header: `${s.url}/headers/alice.png`,
        emojis: [{ shortcode: 'blobcat', url: `${s.url}/emoji/blobcat.png` }],
        fields: [{ name: 'Website', value: 'https://example.test/' }, { name: 'Pronouns' }],
        statuses_count: 42,
        followers_count: 3,
        locked: false,
        bot: false
      },
      tokens: { tokenType: 'Bearer' }
    })
    expect(result.app).toBeUndefined()
    expect(s.isTokenValid(result.tokens.accessToken)).toBe(true)
    expect(tokenChecks(s)).toHaveLength(1)
    expect(s.stats.byRoute['POST /api/i']).toBe(1)
    // Polling stopped with the success: no `check` afterwards, however long we wait.
    await new Promise((r) => setTimeout(r, 300))
    expect(checksAfterToken(s)).toEqual([])
    expect(s.stats.byRoute['POST /api/v1/apps']).toBeUndefined()
  })

  it('browser cannot come back: polling with back-off finds the approval; the token is fetched once', async () => {
    const s = await sim('misskey')
    const f = flows()
    const flow = await f.startBrowserSignIn({ input: s.url })
    // A few polls before the approval.
    await vi.waitFor(() => expect(s.misskey.checks.length).toBeGreaterThanOrEqual(2), {
      timeout: 10_000
    })
    expect(await s.approve(flow.manualAuthorizationUrl, BOB)).toEqual({})
    const result = await f.waitForBrowserSignIn(flow.flowId)
    expect(result.handle).toBe(`bob@${s.host}`)
    expect(result.account).toMatchObject({ bot: true })
    expect(s.misskey.checks[0]!.answer).not.toBe('token') // polled before the approval
    expect(tokenChecks(s)).toHaveLength(1)
    await new Promise((r) => setTimeout(r, 300))
    expect(checksAfterToken(s)).toEqual([])
  })

  it('polling waits out a rate limit and then succeeds', async () => {
    const s = await sim('misskey')
    const f = flows()
    const flow = await f.startBrowserSignIn({ input: s.url })
    s.misskey.rateLimitNext.set('miauth/check', 1)
    await s.approve(flow.manualAuthorizationUrl, ALICE)
    const started = Date.now()
    await f.waitForBrowserSignIn(flow.flowId)
    expect(Date.now() - started).toBeGreaterThanOrEqual(900) // Retry-After: 1
    expect(tokenChecks(s)).toHaveLength(1)
  })

  it('cancel stops polling; the deadline ends a flow nobody approves', async () => {
    const s = await sim('misskey')
    const client = createHttpClient()
    const trace = traceInRounds(client)
    const f = flows({ client })
    const flow = await f.startBrowserSignIn({ input: s.url })
    await vi.waitFor(() => expect(s.misskey.checks.length).toBeGreaterThanOrEqual(1), {
      timeout: 10_000
    })
    f.cancel(flow.flowId)
    expect(await failure(f.waitForBrowserSignIn(flow.flowId))).toMatchObject({ code: 'cancelled' })
    await trace.idle() // a check already on the wire still lands; none starts after this
    const count = s.misskey.checks.length
    await new Promise((r) => setTimeout(r, 250))
    expect(s.misskey.checks.length).toBe(count)

    const quick = flows({ loopbackTimeoutMs: 300 })
    const late = await quick.startBrowserSignIn({ input: s.url })
    expect(await failure(quick.waitForBrowserSignIn(late.flowId))).toMatchObject({
      code: 'timeout',
      step: 'waiting_for_browser'
    })
  })

  it('no code to paste: a pasted code is refused with an explanation', async () => {
    const s = await sim('misskey')
    const f = flows()
    const flow = await f.startBrowserSignIn({ input: s.url })
    const e = await failure(f.completeWithCode(flow.flowId, 'abc'))
    expect(e.message).toMatch(/no code to paste/)
  })

  it('Sharkey: two accounts on one server and a sign-in again, all by MiAuth, no app registered', async () => {
    const s = await sim('sharkey')
    const f = flows()
    const signIn = async (login: typeof ALICE) => {
      const flow = await f.startBrowserSignIn({ input: s.url })
      await approveAndReturn(s, flow.authorizationUrl, login)
      return f.waitForBrowserSignIn(flow.flowId)
    }
    const alice = await signIn(ALICE)
    const bob = await signIn(BOB)
    expect([alice.handle, bob.handle]).toEqual([`alice@${s.host}`, `bob@${s.host}`])
    s.revokeAllTokens('alice') // "needs sign-in"
    expect(s.isTokenValid(alice.tokens.accessToken)).toBe(false)
    const again = await signIn(ALICE)
    expect(s.isTokenValid(again.tokens.accessToken)).toBe(true)
    expect(s.stats.byRoute['POST /api/v1/apps']).toBeUndefined()
    expect(tokenChecks(s)).toHaveLength(3)
    // The MiAuth token also works on Sharkey's Mastodon endpoints.
    const vc = await fetch(`${s.url}/api/v1/accounts/verify_credentials`, {
      headers: { authorization: `Bearer ${again.tokens.accessToken}` }
    })
    expect(vc.status).toBe(200)
  })
})

describe('Misskey family: errors', () => {
  it('maps AUTHENTICATION_FAILED, PERMISSION_DENIED and RATE_LIMIT_EXCEEDED, keeping the server’s words', async () => {
    const s = await sim('misskey')
    const client = createHttpClient()
    expect(
      await failure(verifyMisskeyAccount({ apiBaseUrl: s.url, accessToken: 'nope', client }))
    ).toMatchObject({
      code: 'unauthorized',
      status: 401,
      step: 'verify_credentials',
      serverMessage: 'Authentication failed. Please ensure your token is correct.'
    })

    const f = flows()
    const flow = await f.startBrowserSignIn({ input: s.url })
    await approveAndReturn(s, flow.authorizationUrl)
    const token = (await f.waitForBrowserSignIn(flow.flowId)).tokens.accessToken
    s.misskey.rateLimitNext.set('i', 30)
    expect(
      await failure(verifyMisskeyAccount({ apiBaseUrl: s.url, accessToken: token, client }))
    ).toMatchObject({
      code: 'rate_limited',
      status: 429,
      retryAfterSeconds: 30,
      serverMessage: 'Rate limit exceeded. Please try again later.'
    })
    // Fedivault asks for write:notes, so a refusal needs a token without it: revoke-token is one
    // endpoint no app token may use (400 ACCESS_DENIED).
    expect(
      await failure(
        misskeyCall(client, {
          apiBaseUrl: s.url,
          endpoint: 'i/revoke-token',
          step: 'revoke_token',
          token,
          body: { token }
        })
      )
    ).toMatchObject({ status: 400, serverMessage: 'Access denied.' })
    expect(s.isTokenValid(token)).toBe(true)
  })

  it('PERMISSION_DENIED → forbidden', async () => {
    const s = await sim('misskey')
    const session = crypto.randomUUID()
    await s.approve(`${s.url}/miauth/${session}?name=X&permission=read:account`, ALICE)
    const client = createHttpClient()
    const check = (await misskeyCall(client, {
      apiBaseUrl: s.url,
      endpoint: `miauth/${session}/check`,
      step: 'request_token'
    })) as { token: string }
    expect(
      await failure(
        misskeyCall(client, {
          apiBaseUrl: s.url,
          endpoint: 'notes/create',
          step: 'verify_credentials',
          token: check.token,
          body: { text: 'hi' }
        })
      )
    ).toMatchObject({
      code: 'forbidden',
      status: 403,
      serverMessage: 'Your app does not have the necessary permissions to use this endpoint.'
    })
  })

  it('a user without a display name shows the username and the identicon', async () => {
    const s = await sim('misskey', {
      users: [{ username: 'dave', email: 'dave@example.test', password: 'pw' }]
    })
    const f = flows()
    const flow = await f.startBrowserSignIn({ input: s.url })
    await approveAndReturn(s, flow.authorizationUrl, { username: 'dave', password: 'pw' })
    const { account } = await f.waitForBrowserSignIn(flow.flowId)
    expect(account).toMatchObject({
      display_name: 'dave',
      avatar: `${s.url}/identicon/dave@${s.host}`,
      note: ''
    })
    expect(account.header).toBeUndefined()
  })
})
