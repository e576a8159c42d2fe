import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  credentialAccount,
  fixture,
  instanceDocument,
  nodeinfoDocument,
  PNG,
  type SimUser
} from './documents'
import {
  basicCredentials,
  bearerToken,
  parseBody,
  readBody,
  redirect,
  sendHtml,
  sendJson,
  sendText,
  str
} from './http'
import {
  findUser,
  random,
  redirectUriMatches,
  s256,
  scopesAllowed,
  splitScopes,
  type OAuthState,
  type SimApp,
  type SimSession
} from './oauth-state'
import { holloRoutes } from './hollo'
import { misskeyRoutes, sendMisskeyError, type MisskeyState } from './misskey'
import { errorPage, hangingPage, homePage, loginPage, oobPage } from './pages'
import type { Personality, Profile } from './personalities'
import { timelineRoutes, type TimelineState } from './timelines'

export const OOB = 'urn:ietf:wg:oauth:2.0:oob'

export interface SimContext {
  personality: Personality
  profile: Profile
  state: OAuthState
  users: SimUser[]
  origin: () => string
  host: () => string
  accountDomain: () => string
  tokenLifetimeSeconds?: number
  /** `http://127.0.0.1:PORT` of a socket that accepts and never answers (`nodeinfoLinkHangs`). */
  silentOrigin?: () => string
  misskey: MisskeyState
  /** Misskey family: does `/api/meta` announce MiAuth? */
  miauth: boolean
  /** Timelines, posting and streaming (timelines.ts); Mastodon-API personalities only. */
  timelines?: TimelineState
}

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void

const INVALID_GRANT = {
  error: 'invalid_grant',
  error_description:
    'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.'
}
const INVALID_CLIENT = {
  error: 'invalid_client',
  error_description:
    'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.'
}

/** The Mastodon-API family (Mastodon, Pleroma, Akkoma, GoToSocial, Takahē, snac, Hollo) and Misskey. */
export function createRoutes(ctx: SimContext): Handler {
  const p = ctx.profile
  const { state } = ctx

  const misskey = p.misskeyMeta
    ? misskeyRoutes({
        profile: p,
        state,
        misskey: ctx.misskey,
        users: ctx.users,
        origin: ctx.origin,
        host: ctx.host,
        miauth: ctx.miauth
      })
    : undefined

  const notFound = (res: ServerResponse, url: URL): void => {
    if (p.misskeyMeta && url.pathname.startsWith('/api/')) {
      sendMisskeyError(res, 'UNKNOWN_API_ENDPOINT')
    } else if (ctx.personality === 'misskey' && url.pathname.startsWith('/oauth/')) {
      // Misskey's OAuth routes live in a Fastify plugin: unknown ones get Fastify's default 404.
      sendJson(res, 404, {
        message: `Route ${url.pathname} not found`,
        error: 'Not Found',
        statusCode: 404
      })
    } else if (url.pathname.startsWith('/api/') && p.software !== 'snac') {
      sendJson(res, 404, { error: 'Record not found' })
    } else {
      sendHtml(res, 404, errorPage('The page you are looking for is not here.'))
    }
  }

  const badToken = (res: ServerResponse): void => {
    if (p.badToken.body) sendJson(res, p.badToken.status, p.badToken.body)
    else if (p.badToken.text !== undefined) {
      sendText(res, p.badToken.status, p.badToken.text, p.badToken.contentType)
    } else {
      res.writeHead(p.badToken.status, { 'Content-Length': 0 })
      res.end()
    }
  }

  const tokenResponse = (
    token: string,
    scopes: string[],
    t: {
      refreshToken?: string
      expiresAt?: number
      username?: string
      grant?: 'authorization_code'
    }
  ) => {
    const millis = t.grant !== undefined && p.createdAtMillisFor?.includes(t.grant)
    const body: Record<string, unknown> = {
      access_token: token,
      token_type: 'Bearer',
      scope: scopes.join(' '),
      created_at: millis ? Date.now() : Math.floor(Date.now() / 1000)
    }
    if (t.refreshToken) body.refresh_token = t.refreshToken
    if (t.expiresAt) body.expires_in = Math.round((t.expiresAt - Date.now()) / 1000)
    if (p.refreshTokens && t.username) body.me = `${ctx.origin()}/users/${t.username}`
    return body
  }

  const lifetime = (): number | undefined =>
    p.refreshTokens ? (ctx.tokenLifetimeSeconds ?? 100 * 365 * 24 * 3600) : undefined

  const nodeinfoIndex: Handler = (_req, res) => {
    if (!p.nodeinfoLinks) return sendHtml(res, 404, errorPage('no nodeinfo'))
    // The hanging link says https, as Takahē's do: the client's TLS hello meets a silent socket.
    const origin =
      p.nodeinfoLinkHangs && ctx.silentOrigin
        ? ctx.silentOrigin().replace(/^http:/, 'https:')
        : ctx.origin()
    sendJson(res, 200, {
      links: p.nodeinfoLinks.map((l) => ({
        rel: `http://nodeinfo.diaspora.software/ns/schema/${l.schema}`,
        href: `${origin}${l.path}`
      }))
    })
  }

  const webfinger: Handler = (_req, res, url) => {
    const m = /^acct:@?([^@]+)@(.+)$/i.exec(url.searchParams.get('resource') ?? '')
    const user = m && ctx.users.find((u) => u.username.toLowerCase() === m[1]!.toLowerCase())
    const domain = m?.[2]?.toLowerCase()
    if (!m || !user || (domain !== ctx.host() && domain !== ctx.accountDomain().toLowerCase())) {
      return sendJson(res, 404, { error: 'not found' })
    }
    sendJson(
      res,
      200,
      {
        subject: `acct:${user.username}@${ctx.accountDomain()}`,
        aliases: [`${ctx.origin()}/@${user.username}`, `${ctx.origin()}/users/${user.username}`],
        links: [
          {
            rel: 'http://webfinger.net/rel/profile-page',
            type: 'text/html',
            href: `${ctx.origin()}/@${user.username}`
          },
          {
            rel: 'self',
            type: 'application/activity+json',
            href: `${ctx.origin()}/users/${user.username}`
          }
        ]
      },
      { 'Content-Type': 'application/jrd+json; charset=utf-8' }
    )
  }

  const hostMeta: Handler = (_req, res) => {
    sendText(
      res,
      200,
      `<?xml version="1.0" encoding="UTF-8"?>\n<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">\n  <Link rel="lrdd" template="${ctx.origin()}/.well-known/webfinger?resource={uri}"/>\n</XRD>\n`,
      'application/xrd+xml; charset=utf-8'
    )
  }

  const oauthMetadata: Handler = (_req, res, url) => {
    if (p.oauthMetadata === 'fixture' && p.fixtures?.oauthMetadata) {
      // Documents are loaded per request so their URLs always carry the current origin.
      return sendJson(res, 200, loadFixture(ctx, p.fixtures.oauthMetadata))
    }
    if (p.oauthMetadata === 'misskey') {
      const o = ctx.origin()
      return sendJson(res, 200, {
        issuer: o,
        authorization_endpoint: `${o}/oauth/authorize`,
        token_endpoint: `${o}/oauth/token`,
        scopes_supported: ['read:account', 'write:notes', 'read:notifications'],
        response_types_supported: ['code'],
        grant_types_supported: ['authorization_code'],
        code_challenge_methods_supported: ['S256'],
        service_documentation: 'https://misskey-hub.net'
      })
    }
    if (p.oauthMetadata === 'html') return sendHtml(res, 200, homePage(`${p.software} frontend`))
    notFound(res, url)
  }

  const instance =
    (api: 'v1' | 'v2'): Handler =>
    (_req, res, url) => {
      const doc = instanceDocument(
        ctx.personality,
        p,
        api,
        ctx.origin(),
        ctx.host(),
        ctx.accountDomain()
      )
      if (!doc) return notFound(res, url)
      sendJson(res, 200, doc)
    }

  const createApp: Handler = async (req, res) => {
    const body = parseBody(req.headers['content-type'], await readBody(req))
    if (p.appsFormOnly && body.kind === 'json') return sendHtml(res, 404, errorPage('not found'))
    const f = body.fields
    let redirectUris: string[]
    if (Array.isArray(f.redirect_uris)) {
      if (p.redirectUrisMustBeString) {
        return sendJson(res, 400, {
          error:
            'Bad Request: json: cannot unmarshal array into Go struct field ApplicationCreateRequest.redirect_uris of type string'
        })
      }
      redirectUris = f.redirect_uris.filter((u): u is string => typeof u === 'string')
    } else {
      redirectUris = (str(f.redirect_uris) ?? OOB)
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean)
    }
    const name = str(f.client_name)
    if (!name)
      return sendJson(res, 422, { error: "Validation failed: Application name can't be blank" })
    if (!redirectUris.every((u) => URL.canParse(u))) {
      return sendJson(res, 422, {
        error: 'Validation failed: Redirect URI must be an absolute URI.'
      })
    }
    const app = state.registerClient({
      name,
      website: str(f.website),
      redirectUris,
      scopes: splitScopes(str(f.scopes), ['read'])
    })
    const out: Record<string, unknown> = {
      id: p.uuidIds ? randomUUID() : String(state.apps.size),
      name: app.name,
      website: app.website ?? null,
      redirect_uri: app.redirectUris.join(p.uuidIds ? ' ' : '\n'),
      client_id: app.clientId,
      client_secret: app.clientSecret,
      vapid_key: 'BSIMULATEDVAPIDKEY='
    }
    if (ctx.personality !== 'snac') {
      out.redirect_uris = app.redirectUris
      // Hollo's answer has no `scopes` (fixture hollo-0.9.13-apps-create.json).
      if (ctx.personality !== 'hollo') out.scopes = app.scopes
    }
    if (ctx.personality.startsWith('mastodon') || ctx.personality === 'snac')
      out.client_secret_expires_at = 0
    if (ctx.personality === 'hollo')
      Object.assign(out, { client_secret_expires_at: 0, vapid_key: '' })
    sendJson(res, 200, out)
  }

  const authorizePage: Handler = (req, res, url) => {
    const q = url.searchParams
    const app = state.apps.get(q.get('client_id') ?? '')
    if (!app || !p.mastodonApi) {
      return sendHtml(res, 401, errorPage('Client authentication failed due to unknown client.'))
    }
    if (p.singleUseApps && app.sessionUsed) {
      // Sharkey: this registration's one sign-in session is spent; its page never gets anywhere.
      return sendHtml(res, 200, hangingPage())
    }
    const redirectUri = q.get('redirect_uri') ?? app.redirectUris[0] ?? OOB
    if (!redirectUriMatches(app.redirectUris, redirectUri, p.redirectMatch)) {
      // GtS still redirects to an unregistered URI, carrying an error (§5); Doorkeeper shows a page.
      if (ctx.personality === 'gotosocial' && URL.canParse(redirectUri) && redirectUri !== OOB) {
        return redirect(
          res,
          302,
          withQuery(redirectUri, {
            error: 'server_error',
            error_description: 'redirect uri mismatch'
          })
        )
      }
      return sendHtml(res, 400, errorPage('The redirect uri included is not valid.'))
    }
    if (q.get('response_type') !== 'code') {
      return sendHtml(
        res,
        400,
        errorPage('The authorization server does not support this response type.')
      )
    }
    const scopes = splitScopes(q.get('scope') ?? undefined, ['read'])
    if (!scopesAllowed(app.scopes, scopes)) {
      return sendHtml(res, 400, errorPage('The requested scope is invalid, unknown, or malformed.'))
    }
    const challenge = q.get('code_challenge') ?? undefined
    if (
      challenge &&
      p.pkce !== 'ignored' &&
      (q.get('code_challenge_method') ?? 'plain') !== 'S256'
    ) {
      return sendHtml(res, 400, errorPage('Code challenge method must be S256.'))
    }
    const session = {
      id: random(16),
      clientId: app.clientId,
      redirectUri,
      scopes,
      state: q.get('state') ?? undefined,
      challenge: p.pkce === 'ignored' ? undefined : challenge,
      createdAt: Date.now()
    }
    state.sessions.set(session.id, session)
    if (hollo) return hollo.authorize(req, res, url, app, session)
    res.setHeader('Set-Cookie', `sim_session=${session.id}; Path=/; HttpOnly; SameSite=Lax`)
    sendHtml(
      res,
      200,
      loginPage({
        action: ctx.personality === 'snac' ? '/oauth/x-snac-login' : '/oauth/authorize',
        appName: app.name,
        scopes,
        fieldNames: p.loginFieldNames,
        hidden:
          ctx.personality === 'snac'
            ? {
                authenticity_token: session.id,
                redir: redirectUri,
                cid: app.clientId,
                state: session.state ?? ''
              }
            : { authenticity_token: session.id }
      })
    )
  }

  const submitLogin: Handler = async (req, res) => {
    const f = parseBody(req.headers['content-type'], await readBody(req)).fields
    const session = state.sessions.get(str(f.authenticity_token) ?? '')
    const cookie = /(?:^|;\s*)sim_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1]
    if (!session || cookie !== session.id) {
      return sendHtml(
        res,
        403,
        errorPage('Your sign-in session is invalid. Start again from the application.')
      )
    }
    if (p.loginSessionSeconds && Date.now() - session.createdAt > p.loginSessionSeconds * 1000) {
      state.sessions.delete(session.id)
      return sendHtml(
        res,
        403,
        errorPage('Your sign-in session expired. Start again from the application.')
      )
    }
    const app = state.apps.get(session.clientId)
    const login = str(f[p.loginFieldNames.username]) ?? ''
    const user = findUser(ctx.users, login, 'username-or-email')
    if (!app || !user || user.password !== str(f[p.loginFieldNames.password])) {
      return sendHtml(
        res,
        200,
        loginPage({
          action: ctx.personality === 'snac' ? '/oauth/x-snac-login' : '/oauth/authorize',
          appName: app?.name ?? 'the application',
          scopes: session.scopes,
          fieldNames: p.loginFieldNames,
          hidden: { authenticity_token: session.id },
          error: 'Invalid username, e-mail address or password.'
        })
      )
    }
    grantCode(res, app, session, user.username)
  }

  /** The person approved: a code for the app, shown out of band or sent to the redirect URI. */
  const grantCode = (res: ServerResponse, app: SimApp, session: SimSession, username: string) => {
    state.sessions.delete(session.id)
    app.sessionUsed = true
    state.lastSignIn.set(app.clientId, username)
    const code = random(24)
    state.codes.set(code, {
      clientId: app.clientId,
      username,
      redirectUri: session.redirectUri,
      scopes: session.scopes,
      challenge: session.challenge,
      expiresAt: Date.now() + 10 * 60 * 1000,
      used: false
    })
    if (session.redirectUri === OOB) {
      if (p.oobStyle === 'bare') return sendText(res, 200, code)
      // Hollo shows the code on the page that answers the consent form.
      if (p.consentPage) return sendHtml(res, 200, oobPage(code))
      const path = p.oobStyle === 'gotosocial' ? '/oauth/oob' : '/oauth/authorize/native'
      return redirect(res, 302, `${path}?code=${encodeURIComponent(code)}`)
    }
    const params: Record<string, string> = { code }
    if (session.state !== undefined) params.state = session.state
    redirect(res, 302, withQuery(session.redirectUri, params))
  }

  const hollo = p.consentPage
    ? holloRoutes({ state, users: ctx.users, origin: ctx.origin, grantCode })
    : undefined

  const oob: Handler = (_req, res, url) =>
    sendHtml(res, 200, oobPage(url.searchParams.get('code') ?? ''))

  const token: Handler = async (req, res) => {
    const f = parseBody(req.headers['content-type'], await readBody(req)).fields
    if (!p.mastodonApi) {
      // Misskey's OAuth takes a URL as client_id (IndieAuth-style discovery) and has no app registry.
      return sendJson(res, 400, {
        error: 'invalid_request',
        error_description: 'client_id must be a URL'
      })
    }
    const basic = basicCredentials(req)
    if (basic && !p.basicClientAuth) {
      return sendJson(res, 400, {
        error: 'invalid_request',
        error_description: 'client_secret_basic is not supported'
      })
    }
    const clientId = basic?.clientId ?? str(f.client_id) ?? ''
    const clientSecret = basic?.clientSecret ?? str(f.client_secret) ?? ''
    const grant = str(f.grant_type) ?? ''
    const redirectUri = str(f.redirect_uri)
    if (p.redirectUriRequiredAtToken && !redirectUri) {
      return sendJson(res, 400, {
        error: 'invalid_request',
        error_description: 'redirect_uri was not set'
      })
    }
    if (p.looseTokenEndpoint) {
      // snac: nothing is checked; the token is for whoever last signed in through this app, if anyone.
      const username = state.lastSignIn.get(clientId)
      const scopes = splitScopes(str(f.scope), ['read', 'write', 'follow', 'push'])
      const [tok, t] = state.issueToken({ clientId, username, scopes, refresh: false })
      return sendJson(res, 200, tokenResponse(tok, scopes, t))
    }
    const app = state.apps.get(clientId)
    if (!app || app.clientSecret !== clientSecret) return sendJson(res, 401, INVALID_CLIENT)
    if (!(p.grants as string[]).includes(grant)) {
      return sendJson(res, p.unsupportedGrantError.status, p.unsupportedGrantError.body)
    }
    if (grant === 'authorization_code') {
      const code = state.codes.get(str(f.code) ?? '')
      if (!code || code.used || code.expiresAt < Date.now() || code.clientId !== clientId) {
        return sendJson(res, 400, INVALID_GRANT)
      }
      if (code.redirectUri !== (redirectUri ?? code.redirectUri))
        return sendJson(res, 400, INVALID_GRANT)
      if (code.challenge && p.pkce === 'enforced') {
        const verifier = str(f.code_verifier)
        if (!verifier || s256(verifier) !== code.challenge) return sendJson(res, 400, INVALID_GRANT)
      }
      code.used = true
      const [tok, t] = state.issueToken({
        clientId,
        username: code.username,
        scopes: code.scopes,
        lifetimeSeconds: lifetime(),
        refresh: p.refreshTokens
      })
      return sendJson(
        res,
        200,
        tokenResponse(tok, code.scopes, { ...t, grant: 'authorization_code' })
      )
    }
    if (grant === 'password') {
      const scopes = splitScopes(str(f.scope), ['read'])
      if (!scopesAllowed(app.scopes, scopes)) {
        return sendJson(res, 400, {
          error: 'invalid_scope',
          error_description: 'The requested scope is invalid, unknown, or malformed.'
        })
      }
      const login = str(f.username) ?? str(f.name) ?? ''
      const user = findUser(ctx.users, login, p.passwordLogin)
      const ok = user && user.password === str(f.password)
      const pleromaLike = p.software === 'pleroma' || p.software === 'akkoma'
      if (!ok)
        return sendJson(res, 400, pleromaLike ? { error: 'Invalid credentials' } : INVALID_GRANT)
      if (user.otp) {
        // Mastodon's Doorkeeper hook returns no user for OTP accounts: the same answer as a wrong password.
        if (!pleromaLike) return sendJson(res, 400, INVALID_GRANT)
        return sendJson(res, 403, {
          error: 'mfa_required',
          mfa_token: random(16),
          supported_challenge_types: 'totp'
        })
      }
      const [tok, t] = state.issueToken({
        clientId,
        username: user.username,
        scopes,
        lifetimeSeconds: lifetime(),
        refresh: p.refreshTokens
      })
      return sendJson(res, 200, tokenResponse(tok, scopes, t))
    }
    if (grant === 'refresh_token') {
      const old = state.refreshTokens.get(str(f.refresh_token) ?? '')
      const oldToken = old ? state.tokens.get(old) : undefined
      if (!old || !oldToken || oldToken.clientId !== clientId)
        return sendJson(res, 400, INVALID_GRANT)
      state.refreshTokens.delete(str(f.refresh_token)!)
      oldToken.revoked = true
      const [tok, t] = state.issueToken({
        clientId,
        username: oldToken.username,
        scopes: oldToken.scopes,
        lifetimeSeconds: lifetime(),
        refresh: true
      })
      return sendJson(res, 200, tokenResponse(tok, oldToken.scopes, t))
    }
    // client_credentials
    const scopes = splitScopes(str(f.scope), ['read'])
    const [tok, t] = state.issueToken({
      clientId,
      scopes,
      refresh: false,
      lifetimeSeconds: ctx.personality === 'gotosocial' ? 7200 : undefined,
      fixed: p.software === 'takahe' ? `__app__${clientId}` : undefined
    })
    sendJson(res, 200, tokenResponse(tok, scopes, t))
  }

  const revoke: Handler = async (req, res) => {
    const body = parseBody(req.headers['content-type'], await readBody(req))
    if (ctx.personality === 'gotosocial' && body.kind !== 'form') {
      return sendJson(res, 400, {
        error: 'invalid_request',
        error_description: 'form-encoded body required'
      })
    }
    const f = body.fields
    const app = state.apps.get(str(f.client_id) ?? '')
    if (!app || app.clientSecret !== str(f.client_secret)) return sendJson(res, 401, INVALID_CLIENT)
    const t = state.tokens.get(str(f.token) ?? '')
    if (t && t.clientId !== app.clientId) {
      return sendJson(res, 403, {
        error: 'unauthorized_client',
        error_description: 'You are not authorized to revoke this token'
      })
    }
    if (t) t.revoked = true
    if (p.revokeDeletesApp) state.apps.delete(app.clientId)
    if (p.revokeAnswer === 'empty-html') return sendText(res, 200, '', 'text/html; charset=utf-8')
    sendJson(res, 200, {})
  }

  const verifyCredentials: Handler = (req, res) => {
    const bearer = bearerToken(req)
    if (!bearer && p.missingToken) return sendJson(res, p.missingToken.status, p.missingToken.body)
    const t = state.liveToken(bearer)
    if (!t) return badToken(res)
    if (!t.username) {
      if (p.badToken.status === 422) return badToken(res)
      return sendJson(res, 422, { error: 'This method requires an authenticated user' })
    }
    // `read:account` is Misskey's: Sharkey takes its MiAuth tokens on its Mastodon endpoints too.
    if (!t.scopes.some((s) => ['read', 'read:accounts', 'profile', 'read:account'].includes(s))) {
      return sendJson(res, 403, { error: 'This action is outside the authorized scopes' })
    }
    const index = ctx.users.findIndex((u) => u.username === t.username)
    const user = ctx.users[index]
    if (!user) return badToken(res)
    sendJson(res, 200, credentialAccount(user, index, ctx.personality, ctx.origin()))
  }

  const appCredentials: Handler = (req, res, url) => {
    if (!p.appsVerifyCredentials) return notFound(res, url)
    const t = state.liveToken(bearerToken(req))
    const app = t && state.apps.get(t.clientId)
    if (!app) return badToken(res)
    sendJson(res, 200, {
      name: app.name,
      website: app.website ?? null,
      scopes: app.scopes,
      redirect_uris: app.redirectUris
    })
  }

  const image: Handler = (_req, res) => {
    res.writeHead(200, {
      'Content-Type': 'image/png',
      'Content-Length': PNG.length,
      'Cache-Control': 'max-age=3600'
    })
    res.end(PNG)
  }

  const nodeinfoPaths = new Map((p.nodeinfoLinks ?? []).map((l) => [l.path, l.schema] as const))

  return async (req, res, url) => {
    // Mastodon (Rails) ignores a trailing slash; Mastodon.py asks for `/api/v1/instance/`.
    const path =
      p.mastodonApi && url.pathname.length > 1 ? url.pathname.replace(/\/$/, '') : url.pathname
    const method = req.method ?? 'GET'
    if (misskey && (await misskey(req, res, url))) return
    if (hollo && (await hollo.routes(req, res, url))) return
    const schema = nodeinfoPaths.get(path)
    if (method === 'GET' && schema) {
      return sendJson(res, 200, nodeinfoDocument(p, schema, ctx.origin(), ctx.host()), {
        'Content-Type': `application/json; profile="http://nodeinfo.diaspora.software/ns/schema/${schema}#"`
      })
    }
    const routes: Record<string, Handler | undefined> = {
      'GET /.well-known/nodeinfo': nodeinfoIndex,
      'GET /.well-known/webfinger': p.mastodonApi ? webfinger : undefined,
      'GET /.well-known/host-meta': p.mastodonApi ? hostMeta : undefined,
      'GET /.well-known/oauth-authorization-server': oauthMetadata,
      'GET /api/v1/instance': instance('v1'),
      'GET /api/v2/instance': instance('v2'),
      'POST /api/v1/apps': p.mastodonApi ? createApp : undefined,
      'GET /api/v1/apps/verify_credentials': p.mastodonApi ? appCredentials : undefined,
      'GET /api/v1/accounts/verify_credentials': p.mastodonApi ? verifyCredentials : undefined,
      'GET /oauth/authorize': authorizePage,
      'POST /oauth/authorize': ctx.personality === 'snac' ? undefined : submitLogin,
      'POST /oauth/x-snac-login': ctx.personality === 'snac' ? submitLogin : undefined,
      'GET /oauth/oob': ctx.personality === 'gotosocial' ? oob : undefined,
      'GET /oauth/authorize/native': p.oobStyle === 'mastodon' ? oob : undefined,
      'POST /oauth/token': token,
      'POST /oauth/revoke': p.mastodonApi ? revoke : undefined,
      'GET /': (_q, r) => sendHtml(r, 200, homePage(`${p.software ?? 'A'} server`)),
      ...(p.mastodonApi && ctx.timelines
        ? timelineRoutes({ ...ctx, timelines: ctx.timelines })
        : {})
    }
    const handler = routes[`${method} ${path}`]
    if (handler) return handler(req, res, url)
    if (method === 'GET' && /^\/(avatars|headers|emoji|instance)\/[\w.-]+\.png$/.test(path)) {
      return image(req, res, url)
    }
    notFound(res, url)
  }
}

function withQuery(base: string, params: Record<string, string>): string {
  const u = new URL(base)
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v)
  return u.toString()
}

function loadFixture(ctx: SimContext, name: string): Record<string, unknown> {
  return fixture(name, ctx.origin(), ctx.host())
}
