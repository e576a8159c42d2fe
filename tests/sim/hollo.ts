import type { IncomingMessage, ServerResponse } from 'node:http'
import type { SimUser } from './documents'
import { escapeHtml, parseBody, readBody, redirect, sendHtml, str } from './http'
import { findUser, random, type OAuthState, type SimApp, type SimSession } from './oauth-state'
import { errorPage } from './pages'

/**
 * Hollo's sign-in pages (PROTOCOL.md §7, observed on Hollo 0.9.13): `/oauth/authorize` sends a
 * person who is not signed in to `/login?next=…`; after the login form, the same authorization URL
 * shows a consent page that lists the scopes and the account and offers **Deny before Allow**
 * (`decision=deny|allow`). Both forms refuse a POST whose `Origin` is not the server's own, and the
 * login cookie is HttpOnly.
 */
export function holloRoutes(ctx: {
  state: OAuthState
  users: SimUser[]
  origin: () => string
  grantCode: (res: ServerResponse, app: SimApp, session: SimSession, username: string) => void
}) {
  const logins = new Map<string, string>()

  const signedIn = (req: IncomingMessage): string | undefined => {
    const cookie = /(?:^|;\s*)login=([^;]+)/.exec(req.headers.cookie ?? '')?.[1]
    return cookie ? logins.get(cookie) : undefined
  }

  const sameOrigin = (req: IncomingMessage): boolean => req.headers.origin === ctx.origin()

  const forbidden = (res: ServerResponse): void =>
    sendHtml(res, 403, errorPage('Forbidden: the form was not sent from this server.'))

  const loginPage = (next: string, error?: string): string =>
    `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in – Hollo</title></head>
<body><main>
<h1>Sign in</h1>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/login?next=${encodeURIComponent(next)}">
<label for="username">Email</label>
<input id="username" name="email" type="email" required>
<label for="password">Password</label>
<input id="password" name="password" type="password" required>
<button type="submit">Sign in</button>
</form>
</main></body></html>
`

  const consentPage = (app: SimApp, session: SimSession, username: string): string =>
    `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Authorize ${escapeHtml(app.name)} – Hollo</title></head>
<body><main>
<h1>Authorize ${escapeHtml(app.name)}</h1>
<p>${escapeHtml(app.name)} asks for: <span id="scopes">${escapeHtml(session.scopes.join(' '))}</span></p>
<form method="post" action="/oauth/authorize">
<input type="hidden" name="session" value="${escapeHtml(session.id)}">
<p><label><input type="radio" name="account_id" value="${escapeHtml(username)}" checked> @${escapeHtml(username)}</label></p>
<button type="submit" name="decision" value="deny">Deny</button>
<button type="submit" name="decision" value="allow">Allow</button>
</form>
</main></body></html>
`

  return {
    /** `GET /oauth/authorize`, once the request itself checked out. */
    authorize(
      req: IncomingMessage,
      res: ServerResponse,
      url: URL,
      app: SimApp,
      session: SimSession
    ): void {
      const username = signedIn(req)
      if (!username) {
        ctx.state.sessions.delete(session.id)
        return redirect(res, 302, `/login?next=${encodeURIComponent(url.pathname + url.search)}`)
      }
      sendHtml(res, 200, consentPage(app, session, username))
    },

    /** `/login` and the consent answer; true when the request was Hollo's to answer. */
    async routes(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
      const method = req.method ?? 'GET'
      const next = url.searchParams.get('next') ?? '/'
      if (url.pathname === '/login' && method === 'GET') {
        sendHtml(res, 200, loginPage(next))
        return true
      }
      if (url.pathname === '/login' && method === 'POST') {
        if (!sameOrigin(req)) return (forbidden(res), true)
        const f = parseBody(req.headers['content-type'], await readBody(req)).fields
        const user = findUser(ctx.users, str(f.email) ?? '', 'username-or-email')
        if (!user || user.password !== str(f.password)) {
          sendHtml(res, 200, loginPage(next, 'Invalid email or password.'))
          return true
        }
        const cookie = random(16)
        logins.set(cookie, user.username)
        res.setHeader('Set-Cookie', `login=${cookie}; Path=/; HttpOnly; SameSite=Lax`)
        // Only a path on this server: `next` never sends the person elsewhere.
        redirect(res, 302, next.startsWith('/') && !next.startsWith('//') ? next : '/')
        return true
      }
      if (url.pathname === '/oauth/authorize' && method === 'POST') {
        if (!sameOrigin(req)) return (forbidden(res), true)
        const f = parseBody(req.headers['content-type'], await readBody(req)).fields
        const username = signedIn(req)
        const session = ctx.state.sessions.get(str(f.session) ?? '')
        const app = session && ctx.state.apps.get(session.clientId)
        if (!username || !session || !app) {
          sendHtml(res, 403, errorPage('Your sign-in session is invalid.'))
          return true
        }
        if (str(f.decision) !== 'allow') {
          ctx.state.sessions.delete(session.id)
          if (session.redirectUri.startsWith('urn:')) {
            sendHtml(res, 200, errorPage('You denied the application access.'))
          } else {
            const target = new URL(session.redirectUri)
            target.searchParams.set('error', 'access_denied')
            if (session.state !== undefined) target.searchParams.set('state', session.state)
            redirect(res, 302, target.toString())
          }
          return true
        }
        ctx.grantCode(res, app, session, username)
        return true
      }
      return false
    }
  }
}
