import { normalizeInstanceUrl } from '../url'
import { DEFAULT_SCOPES, OOB_REDIRECT_URI } from './app'

export interface AuthorizationUrlOptions {
  instanceUrl: string
  clientId: string
  redirectUri?: string
  scopes?: readonly string[]
  state?: string
  /** S256 challenge (see pkce.ts); servers without PKCE ignore it. */
  codeChallenge?: string
  /** Ask for the login form even when the browser is signed in: a second account on the same server. */
  forceLogin?: boolean
  /** ISO 639-1 language for the server's pages (Mastodon ≥ 3.5). */
  lang?: string
}

/** `GET /oauth/authorize` as the person's browser will open it. Pure: no request is made. */
export function buildAuthorizationUrl(o: AuthorizationUrlOptions): string {
  const base = normalizeInstanceUrl(o.instanceUrl, 'authorize')
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: o.clientId,
    redirect_uri: o.redirectUri ?? OOB_REDIRECT_URI,
    scope: (o.scopes?.length ? o.scopes : DEFAULT_SCOPES).join(' ')
  })
  if (o.state) q.set('state', o.state)
  if (o.codeChallenge) {
    q.set('code_challenge', o.codeChallenge)
    q.set('code_challenge_method', 'S256')
  }
  if (o.forceLogin) q.set('force_login', 'true')
  if (o.lang) q.set('lang', o.lang)
  return `${base}/oauth/authorize?${q.toString()}`
}
