import type { IncomingMessage, ServerResponse } from 'node:http'
import { fixture, type SimUser } from './documents'
import {
  bearerToken,
  escapeHtml,
  parseBody,
  readBody,
  redirect,
  sendHtml,
  sendJson,
  str
} from './http'
import { findUser, type OAuthState } from './oauth-state'
import type { Profile } from './personalities'

/**
 * The Misskey API as Misskey 2025.7.0 and Sharkey 2025.4.7 answer it (PROTOCOL.md §6 and the
 * `misskey-2025.7.0-*` / `sharkey-2025.4.7-*` fixtures): `POST /api/<endpoint>` with JSON, MiAuth
 * (`/miauth/<session>` page → approve → `callback?session=…`, then `check` hands the token out
 * exactly once), `/api/i`, and Misskey's `{ error: { code, message, id, kind } }` bodies.
 */

/** Every permission Misskey 2025.7.0 knows (its OAuth metadata's `scopes_supported`, abridged to the non-admin ones). */
const KNOWN_PERMISSIONS = new Set([
  'read:account',
  'write:account',
  'read:blocks',
  'write:blocks',
  'read:drive',
  'write:drive',
  'read:favorites',
  'write:favorites',
  'read:following',
  'write:following',
  'read:messaging',
  'write:messaging',
  'read:mutes',
  'write:mutes',
  'write:notes',
  'read:notifications',
  'write:notifications',
  'read:reactions',
  'write:reactions',
  'write:votes',
  'read:pages',
  'write:pages',
  'read:channels',
  'write:channels',
  'read:clip-favorite',
  'write:clip-favorite',
  'read:federation',
  'write:report-abuse',
  'read:chat',
  'write:chat'
])

export interface MiAuthSession {
  id: string
  name: string
  icon?: string
  callback?: string
  /** Unknown permissions are dropped silently, as Misskey does. */
  permissions: string[]
  approvedBy?: string
  rejected: boolean
  token?: string
  /** The token was handed out by `check`; every later `check` answers `{ ok: false }`. */
  fetched: boolean
}

/** One call of `POST /api/miauth/<session>/check` and what it answered. */
export interface MiAuthCheck {
  session: string
  answer: 'pending' | 'token' | 'already_fetched' | 'unknown_session'
  at: number
}

export class MisskeyState {
  readonly sessions = new Map<string, MiAuthSession>()
  readonly checks: MiAuthCheck[] = []
  /** Endpoint name (`i`, `miauth/check`, …) → seconds: the next call answers 429 with Retry-After. */
  readonly rateLimitNext = new Map<string, number>()
}

const ERRORS = {
  AUTHENTICATION_FAILED: {
    status: 401,
    message: 'Authentication failed. Please ensure your token is correct.',
    id: 'b0a7f5f8-dc2f-4171-b91f-de88ad238e14',
    kind: 'client',
    wwwAuthenticate: 'invalid_token'
  },
  PERMISSION_DENIED: {
    status: 403,
    message: 'Your app does not have the necessary permissions to use this endpoint.',
    id: '1370e5b7-d4eb-4566-bb1d-7748ee6a1838',
    kind: 'permission',
    wwwAuthenticate: 'insufficient_scope'
  },
  ACCESS_DENIED: {
    status: 400,
    message: 'Access denied.',
    id: '56f35758-7dd5-468b-8439-5d6fb8ec9b8e',
    kind: 'client',
    wwwAuthenticate: 'invalid_request'
  },
  RATE_LIMIT_EXCEEDED: {
    status: 429,
    message: 'Rate limit exceeded. Please try again later.',
    id: 'd5826d14-3982-4d2e-8011-b9e9f02499ef',
    kind: 'client',
    wwwAuthenticate: undefined
  },
  UNKNOWN_API_ENDPOINT: {
    status: 404,
    message: 'Unknown API endpoint.',
    id: '2ca3b769-540a-4f08-9dd5-b5a825b6d0f1',
    kind: 'client',
    wwwAuthenticate: undefined
  }
} as const

export function sendMisskeyError(
  res: ServerResponse,
  code: keyof typeof ERRORS,
  headers: Record<string, string> = {}
): void {
  const e = ERRORS[code]
  const extra: Record<string, string> = { ...headers }
  if (e.wwwAuthenticate) {
    extra['WWW-Authenticate'] =
      `Bearer realm="Misskey", error="${e.wwwAuthenticate}", error_description="${e.message}"`
  }
  sendJson(res, e.status, { error: { message: e.message, code, id: e.id, kind: e.kind } }, extra)
}

export interface MisskeyContext {
  profile: Profile
  state: OAuthState
  misskey: MisskeyState
  users: SimUser[]
  origin: () => string
  host: () => string
  /** Does `POST /api/meta` say `features.miauth: true`? (Misskey ≥ 12.28.0.) */
  miauth: boolean
}

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void

/** Misskey's packed user (`/api/i`, `check`), from a simulated user. */
export function misskeyUser(u: SimUser, index: number, origin: string, host: string) {
  return {
    id: `au49es6m4s8${String(index).padStart(5, '0')}`,
    // Misskey keeps `name` null when no display name was set (fixture misskey-2025.7.0-i).
    name: u.displayName ?? null,
    username: u.username,
    host: null,
    avatarUrl: u.displayName
      ? `${origin}/avatars/${u.username}.png`
      : `${origin}/identicon/${u.username}@${host}`,
    avatarBlurhash: null,
    isBot: u.bot ?? false,
    isCat: false,
    emojis: { blobcat: `${origin}/emoji/blobcat.png` },
    onlineStatus: 'unknown',
    url: null,
    uri: null,
    createdAt: '2026-11-28T17:39:41.998Z',
    bannerUrl: u.displayName ? `${origin}/headers/${u.username}.png` : null,
    isLocked: u.locked ?? false,
    // MFM, not HTML: plain text with line breaks.
    description: u.note === undefined ? null : u.note.replace(/<[^>]*>/g, ' ').trim(),
    fields: u.displayName
      ? [
          { name: 'Website', value: 'https://example.test/' },
          { name: 'Pronouns', value: 'they/them' }
        ]
      : [],
    followersCount: 3 + index,
    followingCount: 5,
    notesCount: 42,
    twoFactorEnabled: false,
    isModerator: false,
    isAdmin: false
  }
}

const page = (title: string, body: string): string => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body><main>
${body}
</main></body>
</html>
`

/** The MiAuth page: names the app, lists the permissions, signs in and accepts (or rejects). */
function miauthPage(s: MiAuthSession, error?: string): string {
  const items = s.permissions.map((p) => `<li>${escapeHtml(p)}</li>`).join('')
  return page(
    `${s.name} wants access`,
    `<h1>${escapeHtml(s.name)} wants to access your account</h1>
${s.icon ? `<img alt="" src="${escapeHtml(s.icon)}" width="32" height="32">` : ''}
<p>It asks for these permissions:</p>
<ul id="permissions">${items}</ul>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/miauth/${escapeHtml(s.id)}/accept">
<label for="username">Username</label>
<input id="username" name="username" type="text" autocomplete="username" required>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Accept</button>
</form>
<form method="post" action="/miauth/${escapeHtml(s.id)}/reject">
<button type="submit">Reject</button>
</form>`
  )
}

/**
 * The Misskey routes, or undefined for a path that is not Misskey's (the caller then tries its
 * Mastodon routes, for Sharkey, or answers 404).
 */
export function misskeyRoutes(
  ctx: MisskeyContext
): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean> {
  const { state, misskey } = ctx

  const userByName = (username: string) => {
    const index = ctx.users.findIndex((u) => u.username === username)
    return index < 0 ? undefined : misskeyUser(ctx.users[index]!, index, ctx.origin(), ctx.host())
  }

  /** Bearer header first, then `i` in the body, as Misskey reads them. */
  const authenticate = (req: IncomingMessage, body: Record<string, unknown>) => {
    const token = bearerToken(req) ?? str(body.i)
    if (!token) return { token: undefined, live: undefined }
    return { token, live: state.liveToken(token) }
  }

  const limited = (res: ServerResponse, endpoint: string): boolean => {
    const seconds = misskey.rateLimitNext.get(endpoint)
    if (seconds === undefined) return false
    misskey.rateLimitNext.delete(endpoint)
    sendMisskeyError(res, 'RATE_LIMIT_EXCEEDED', { 'Retry-After': String(seconds) })
    return true
  }

  const meta: Handler = (_req, res) => {
    const doc = fixture(ctx.profile.misskeyMeta!, ctx.origin(), ctx.host())
    const features = { ...(doc.features as Record<string, unknown>) }
    if (ctx.miauth) features.miauth = true
    else delete features.miauth
    sendJson(res, 200, { ...doc, features })
  }

  const miauthShow: Handler = (_req, res, url) => {
    const id = decodeURIComponent(url.pathname.slice('/miauth/'.length))
    const q = url.searchParams
    const session: MiAuthSession = misskey.sessions.get(id) ?? {
      id,
      name: q.get('name') ?? 'Unknown app',
      icon: q.get('icon') ?? undefined,
      callback: q.get('callback') ?? undefined,
      permissions: (q.get('permission') ?? '').split(',').filter((p) => KNOWN_PERMISSIONS.has(p)),
      rejected: false,
      fetched: false
    }
    misskey.sessions.set(id, session)
    sendHtml(res, 200, miauthPage(session))
  }

  const miauthAccept = async (req: IncomingMessage, res: ServerResponse, id: string) => {
    const s = misskey.sessions.get(id)
    if (!s || s.approvedBy)
      return sendHtml(
        res,
        400,
        page('Error', '<p class="error" role="alert">This session is no longer valid.</p>')
      )
    const f = parseBody(req.headers['content-type'], await readBody(req)).fields
    const user = findUser(ctx.users, str(f.username) ?? '', 'username-or-email')
    if (!user || user.password !== str(f.password)) {
      return sendHtml(res, 200, miauthPage(s, 'Incorrect username or password.'))
    }
    s.approvedBy = user.username
    // MiAuth tokens belong to no registered app: clientId '' (OAuthState.liveToken accepts it).
    s.token = state.issueToken({
      clientId: '',
      username: user.username,
      scopes: s.permissions,
      refresh: false
    })[0]
    if (s.callback) return redirect(res, 302, withQuery(s.callback, { session: s.id }))
    sendHtml(
      res,
      200,
      page(
        'Done',
        `<p id="done">${escapeHtml(s.name)} can now use your account. You can close this window.</p>`
      )
    )
  }

  const miauthReject = (_req: IncomingMessage, res: ServerResponse, id: string) => {
    const s = misskey.sessions.get(id)
    if (s) s.rejected = true
    sendHtml(res, 200, page('Rejected', '<p id="rejected">You denied the application access.</p>'))
  }

  const check = (res: ServerResponse, id: string) => {
    if (limited(res, 'miauth/check')) return
    const s = misskey.sessions.get(id)
    const at = Date.now()
    if (!s || !s.token || !s.approvedBy) {
      misskey.checks.push({ session: id, answer: s ? 'pending' : 'unknown_session', at })
      return sendJson(res, 200, { ok: false })
    }
    if (s.fetched) {
      misskey.checks.push({ session: id, answer: 'already_fetched', at })
      return sendJson(res, 200, { ok: false })
    }
    s.fetched = true
    misskey.checks.push({ session: id, answer: 'token', at })
    sendJson(res, 200, { ok: true, token: s.token, user: userByName(s.approvedBy) })
  }

  const i = (res: ServerResponse, auth: ReturnType<typeof authenticate>) => {
    if (limited(res, 'i')) return
    if (!auth.live?.username) return sendMisskeyError(res, 'AUTHENTICATION_FAILED')
    if (!auth.live.scopes.includes('read:account'))
      return sendMisskeyError(res, 'PERMISSION_DENIED')
    const user = userByName(auth.live.username)
    if (!user) return sendMisskeyError(res, 'AUTHENTICATION_FAILED')
    sendJson(res, 200, user)
  }

  const notesCreate = (
    res: ServerResponse,
    auth: ReturnType<typeof authenticate>,
    body: Record<string, unknown>
  ) => {
    if (!auth.live?.username) return sendMisskeyError(res, 'AUTHENTICATION_FAILED')
    if (!auth.live.scopes.includes('write:notes')) return sendMisskeyError(res, 'PERMISSION_DENIED')
    sendJson(res, 200, {
      createdNote: {
        id: `note${Date.now()}`,
        text: str(body.text) ?? null,
        userId: userByName(auth.live.username)?.id
      }
    })
  }

  return async (req, res, url) => {
    const path = url.pathname
    const method = req.method ?? 'GET'
    if (method === 'GET' && path.startsWith('/miauth/')) {
      miauthShow(req, res, url)
      return true
    }
    const decision = /^\/miauth\/([^/]+)\/(accept|reject)$/.exec(path)
    if (method === 'POST' && decision) {
      const id = decodeURIComponent(decision[1]!)
      if (decision[2] === 'accept') await miauthAccept(req, res, id)
      else miauthReject(req, res, id)
      return true
    }
    if (
      method !== 'POST' ||
      !path.startsWith('/api/') ||
      path.startsWith('/api/v1/') ||
      path.startsWith('/api/v2/')
    ) {
      return false
    }
    const parsed = parseBody(req.headers['content-type'], await readBody(req))
    const body = parsed.fields
    const checkMatch = /^\/api\/miauth\/([^/]+)\/check$/.exec(path)
    if (checkMatch) {
      check(res, decodeURIComponent(checkMatch[1]!))
      return true
    }
    const auth = authenticate(req, body)
    // A token that is present but unknown fails before the endpoint is even looked at.
    if (auth.token && !auth.live && path !== '/api/meta') {
      sendMisskeyError(res, 'AUTHENTICATION_FAILED')
      return true
    }
    switch (path) {
      case '/api/meta':
        meta(req, res, url)
        return true
      case '/api/i':
        i(res, auth)
        return true
      case '/api/notes/create':
        notesCreate(res, auth, body)
        return true
      case '/api/i/revoke-token':
        // `secure`: only Misskey's own web client may call it; an app token never can.
        if (!auth.live) sendMisskeyError(res, 'AUTHENTICATION_FAILED')
        else sendMisskeyError(res, 'ACCESS_DENIED')
        return true
      default:
        sendMisskeyError(res, 'UNKNOWN_API_ENDPOINT')
        return true
    }
  }
}

function withQuery(base: string, params: Record<string, string>): string {
  const u = new URL(base)
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v)
  return u.toString()
}
