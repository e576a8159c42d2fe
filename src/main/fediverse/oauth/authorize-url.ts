import { normalizeInstanceUrl } from '../url'
import { DEFAULT_SCOPES, OOB_REDIRECT_URI } from './register-client'

export interface AuthorizationUrlOptions {
  apiBaseUrl: string
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
export function buildAuthorizationUrl({
  apiBaseUrl,
  clientId,
  redirectUri = OOB_REDIRECT_URI,
  scopes,
  state,
  codeChallenge,
  forceLogin,
  lang
}: AuthorizationUrlOptions): string {
  const base = normalizeInstanceUrl(apiBaseUrl, 'authorize')
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope: (scopes?.length ? scopes : DEFAULT_SCOPES).join(' ')
  })
  if (state) query.set('state', state)
  if (codeChallenge) {
    query.set('code_challenge', codeChallenge)
    query.set('code_challenge_method', 'S256')
  }
  if (forceLogin) query.set('force_login', 'true')
  if (lang) query.set('lang', lang)
  return `${base}/oauth/authorize?${query.toString()}`
}
