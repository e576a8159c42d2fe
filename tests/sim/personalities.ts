/**
 * What each simulated server does differently. Every switch here is backed by
 * ../shared/docs/PROTOCOL.md (section given) or by a fixture captured from the real software; the
 * few guesses (Akkoma, which PROTOCOL.md could not verify) say so.
 */

export type Personality =
  | 'mastodon-4.3'
  | 'mastodon-4.6'
  | 'pleroma'
  | 'akkoma'
  | 'gotosocial'
  | 'takahe'
  | 'takahe-hanging-nodeinfo'
  | 'snac'
  | 'misskey'
  | 'sharkey'
  | 'hollo'
  | 'html-site'
  | 'rate-limited'
  | 'black-hole'
  | 'huge-body'
  | 'broken-json'
  | 'cross-origin-redirect'

export type Hostility = 'html-site' | 'rate-limited' | 'black-hole' | 'huge-body' | 'broken-json'

export interface Profile {
  /** NodeInfo `software.name`; undefined: no NodeInfo at all. */
  software?: string
  nodeinfoVersion?: string
  /** `version` in /api/v1/instance (and v2 where present). */
  instanceVersion?: string
  /** NodeInfo links in the order the real server lists them (§3.1). */
  nodeinfoLinks?: Array<{ schema: '2.0' | '2.1'; path: string }>
  fixtures?: { v1?: string; v2?: string; nodeinfo?: string; oauthMetadata?: string }
  /** Does the server speak the Mastodon client API at all? */
  mastodonApi: boolean
  /** `/.well-known/oauth-authorization-server`: the doc (Mastodon ≥ 4.3, Misskey), an HTML frontend page, or 404. */
  oauthMetadata: 'fixture' | 'misskey' | 'html' | 'none'
  grants: Array<'authorization_code' | 'password' | 'client_credentials' | 'refresh_token'>
  /** How the token endpoint words a grant it does not know. */
  unsupportedGrantError: { status: number; body: Record<string, string> }
  /** PKCE: enforced when a challenge was sent (Mastodon ≥ 4.3), accepted but not checked (GtS 0.19.2), ignored. */
  pkce: 'enforced' | 'unchecked' | 'ignored'
  /** RFC 8252 §7.3: any port on a registered loopback IP literal (Doorkeeper), or exact string match. */
  redirectMatch: 'loopback-port-exception' | 'exact'
  /** GtS binds `redirect_uris` to a string: a JSON array is a 400 (§5). */
  redirectUrisMustBeString: boolean
  /** snac: a JSON body at /api/v1/apps is a 404 HTML page (§5). */
  appsFormOnly: boolean
  /** HTTP Basic client authentication at /oauth/token (GtS: 400, §5). */
  basicClientAuth: boolean
  /** GtS refuses a token request without `redirect_uri`, whatever the grant (§5). */
  redirectUriRequiredAtToken: boolean
  /** Pleroma/Akkoma issue refresh tokens and `expires_in` (§2). */
  refreshTokens: boolean
  /** Where the password grant looks the user up: Mastodon takes the e-mail, Pleroma either. */
  passwordLogin: 'email' | 'username-or-email'
  /** Form field names of the login page (snac posts `login`/`passwd`, §5). */
  loginFieldNames: { username: string; password: string }
  /** GtS: the sign-in session cookie lives 120 s (§5). */
  loginSessionSeconds?: number
  /** OOB: page with a `<code>` (Mastodon, GtS) or the bare code as the body (snac). */
  oobStyle: 'mastodon' | 'gotosocial' | 'bare'
  /**
   * Bad or missing token: 401 with this JSON body (Mastodon, GtS), snac's 422 with an empty body,
   * or Takahē's 400 with the one line `text` labelled `contentType`.
   */
  badToken: { status: number; body?: Record<string, string>; text?: string; contentType?: string }
  /** No Authorization header at all, where that differs from a bad token (Takahē). */
  missingToken?: { status: number; body: Record<string, string> }
  /** The body of a successful `POST /oauth/revoke`: `{}` (Mastodon, GtS) or Takahē's empty page. */
  revokeAnswer?: 'json' | 'empty-html'
  /**
   * NodeInfo's index links to an `https://` URL on a port that accepts connections and never
   * answers: what Takahē behind plain http does (its links always say https, and a TLS hello to a
   * plain-http port just hangs).
   */
  nodeinfoLinkHangs?: boolean
  /** snac: /oauth/token checks nothing; the token belongs to whoever last signed in through the app. */
  looseTokenEndpoint: boolean
  /** snac: revoking a token also deletes the app (§5). */
  revokeDeletesApp: boolean
  /** snac closes the connection after every response without announcing it. */
  closeAfterResponse: boolean
  appsVerifyCredentials: boolean
  hostility?: Hostility
  /** cross-origin-redirect: every /api/ call is redirected to a second origin. */
  redirectApiToOtherOrigin?: boolean
  /** The Misskey API (PROTOCOL.md §6): the fixture `POST /api/meta` answers with; MiAuth, `/api/i`… */
  misskeyMeta?: string
  /**
   * Sharkey: every `POST /api/v1/apps` is one sign-in session; a second sign-in through the same
   * registration hangs on its page (PROTOCOL.md §6, "Sharkey").
   */
  singleUseApps?: boolean
  /**
   * Hollo (PROTOCOL.md §7): `/oauth/authorize` sends the person to `/login?next=…` first, both
   * forms refuse a POST without a same-origin `Origin`, and the consent page offers Deny before
   * Allow (`decision=deny|allow`).
   */
  consentPage?: 'deny-before-allow'
  /** Grants whose token answer gives `created_at` in milliseconds (Hollo: the code exchange). */
  createdAtMillisFor?: Array<'authorization_code'>
  /** Account and app ids are UUIDs (Hollo), not Mastodon's numeric strings. */
  uuidIds?: boolean
}

const mastodonBase: Profile = {
  software: 'mastodon',
  mastodonApi: true,
  oauthMetadata: 'fixture',
  grants: ['authorization_code', 'client_credentials'],
  unsupportedGrantError: {
    status: 400,
    body: {
      error: 'unsupported_grant_type',
      error_description:
        'The authorization grant type is not supported by the authorization server.'
    }
  },
  pkce: 'enforced',
  redirectMatch: 'loopback-port-exception',
  redirectUrisMustBeString: false,
  appsFormOnly: false,
  basicClientAuth: true,
  redirectUriRequiredAtToken: false,
  refreshTokens: false,
  passwordLogin: 'email',
  loginFieldNames: { username: 'user[email]', password: 'user[password]' },
  oobStyle: 'mastodon',
  badToken: { status: 401, body: { error: 'The access token is invalid' } },
  looseTokenEndpoint: false,
  revokeDeletesApp: false,
  closeAfterResponse: false,
  appsVerifyCredentials: true,
  nodeinfoLinks: [{ schema: '2.0', path: '/nodeinfo/2.0' }]
}

const pleromaBase: Profile = {
  ...mastodonBase,
  oauthMetadata: 'none',
  grants: ['authorization_code', 'password', 'client_credentials', 'refresh_token'],
  unsupportedGrantError: { status: 400, body: { error: 'Unsupported grant type' } },
  pkce: 'ignored',
  redirectMatch: 'exact',
  passwordLogin: 'username-or-email',
  loginFieldNames: { username: 'authorization[name]', password: 'authorization[password]' },
  refreshTokens: true,
  badToken: { status: 403, body: { error: 'Invalid credentials.' } },
  nodeinfoLinks: [
    { schema: '2.0', path: '/nodeinfo/2.0.json' },
    { schema: '2.1', path: '/nodeinfo/2.1.json' }
  ]
}

const hostile = (hostility: Hostility): Profile => ({
  ...mastodonBase,
  software: undefined,
  mastodonApi: false,
  oauthMetadata: 'none',
  hostility
})

const takahe: Profile = {
  // TAK api/middleware.py: an unknown or revoked bearer token is Django's default HttpResponse
  // (text/html) with status 400; api/decorators.py: no token at all is a 401 JSON error;
  // api/views/oauth.py: revocation answers an empty HttpResponse (200, text/html).
  ...mastodonBase,
  software: 'takahe',
  nodeinfoVersion: '0.11.0',
  instanceVersion: 'takahe/0.11.0',
  oauthMetadata: 'none',
  unsupportedGrantError: { status: 400, body: { error: 'invalid_grant_type' } },
  pkce: 'ignored',
  redirectMatch: 'exact',
  loginFieldNames: { username: 'email', password: 'password' },
  badToken: { status: 400, text: 'Invalid Bearer token', contentType: 'text/html; charset=utf-8' },
  missingToken: { status: 401, body: { error: 'identity_token_required' } },
  revokeAnswer: 'empty-html',
  nodeinfoLinks: [{ schema: '2.0', path: '/nodeinfo/2.0/' }]
}

export const PROFILES: Record<Personality, Profile> = {
  'mastodon-4.3': {
    ...mastodonBase,
    nodeinfoVersion: '4.3.0',
    instanceVersion: '4.3.0',
    grants: ['authorization_code', 'password', 'client_credentials'],
    fixtures: {
      v1: 'mastodon-4.3-instance-v1.json',
      v2: 'mastodon-4.3-instance-v2.json',
      nodeinfo: 'mastodon-4.3-nodeinfo-2.0.json',
      oauthMetadata: 'mastodon-4.3-oauth-authorization-server.json'
    }
  },
  'mastodon-4.6': {
    ...mastodonBase,
    nodeinfoVersion: '4.6.4',
    instanceVersion: '4.6.4',
    fixtures: {
      v1: 'mastodon-4.6-instance-v1.json',
      v2: 'mastodon-4.6-instance-v2.json',
      nodeinfo: 'mastodon-4.6-nodeinfo-2.0.json',
      oauthMetadata: 'mastodon-4.6-oauth-authorization-server.json'
    }
  },
  pleroma: {
    ...pleromaBase,
    software: 'pleroma',
    nodeinfoVersion: '2.2.50-develop',
    instanceVersion: '2.7.2 (compatible; Pleroma 2.2.50-develop)',
    fixtures: { nodeinfo: 'pleroma-2.2.50-nodeinfo-2.0.json' }
  },
  akkoma: {
    // Akkoma's OAuth is assumed to be Pleroma's (PROTOCOL.md §2 could not verify it); its frontend
    // answers unknown paths, the metadata path included, with an HTML page.
    ...pleromaBase,
    software: 'akkoma',
    nodeinfoVersion: '3.0.0',
    instanceVersion: '2.7.2 (compatible; Akkoma 3.0.0)',
    oauthMetadata: 'html',
    fixtures: { nodeinfo: 'akkoma-3.0.0-nodeinfo-2.0.abridged.json' }
  },
  gotosocial: {
    ...mastodonBase,
    software: 'gotosocial',
    nodeinfoVersion: 'v0.19.2',
    instanceVersion: 'v0.19.2',
    oauthMetadata: 'none',
    unsupportedGrantError: {
      status: 400,
      body: {
        error: 'unsupported_grant_type',
        error_description: 'Supported grant types are: authorization_code, client_credentials'
      }
    },
    pkce: 'unchecked',
    redirectMatch: 'exact',
    redirectUrisMustBeString: true,
    basicClientAuth: false,
    redirectUriRequiredAtToken: true,
    loginFieldNames: { username: 'username', password: 'password' },
    loginSessionSeconds: 120,
    oobStyle: 'gotosocial',
    badToken: { status: 401, body: { error: 'Unauthorized: token not supplied' } },
    appsVerifyCredentials: false,
    nodeinfoLinks: [
      { schema: '2.0', path: '/nodeinfo/2.0' },
      { schema: '2.1', path: '/nodeinfo/2.1' }
    ],
    fixtures: {
      v1: 'gotosocial-0.19.2-instance-v1.json',
      v2: 'gotosocial-0.19.2-instance-v2.json',
      nodeinfo: 'gotosocial-0.19.2-nodeinfo-2.0.json'
    }
  },
  takahe,
  snac: {
    ...mastodonBase,
    software: 'snac',
    nodeinfoVersion: '2.94',
    instanceVersion: '4.0.0 (not true; really snac/2.94)',
    oauthMetadata: 'none',
    grants: ['authorization_code', 'password', 'client_credentials'],
    pkce: 'ignored',
    redirectMatch: 'exact',
    appsFormOnly: true,
    loginFieldNames: { username: 'login', password: 'passwd' },
    oobStyle: 'bare',
    badToken: { status: 422 },
    looseTokenEndpoint: true,
    revokeDeletesApp: true,
    closeAfterResponse: true,
    nodeinfoLinks: [
      { schema: '2.1', path: '/nodeinfo_2_1' },
      { schema: '2.0', path: '/nodeinfo_2_0' }
    ],
    fixtures: { v1: 'snac-2.94-instance-v1.json', nodeinfo: 'snac-2.94-nodeinfo-2.0.json' }
  },
  'takahe-hanging-nodeinfo': {
    ...takahe,
    nodeinfoLinkHangs: true
  },
  misskey: {
    // Misskey 2025.7.0 (PROTOCOL.md §6): no Mastodon API at all, its own OAuth 2.0 metadata, MiAuth.
    ...mastodonBase,
    software: 'misskey',
    nodeinfoVersion: '2025.7.0',
    instanceVersion: undefined,
    mastodonApi: false,
    oauthMetadata: 'fixture',
    grants: ['authorization_code'],
    nodeinfoLinks: [
      { schema: '2.1', path: '/nodeinfo/2.1' },
      { schema: '2.0', path: '/nodeinfo/2.0' }
    ],
    fixtures: {
      nodeinfo: 'misskey-2025.7.0-nodeinfo-2.1.json',
      oauthMetadata: 'misskey-2025.7.0-oauth-authorization-server.json'
    },
    misskeyMeta: 'misskey-2025.7.0-api-meta.json'
  },
  sharkey: {
    // Sharkey 2025.4.7: the Misskey API and MiAuth, plus a Mastodon API whose OAuth is a shim over
    // single-use sign-in sessions, no /api/v2/instance, and PKCE advertised but not checked.
    ...pleromaBase,
    software: 'sharkey',
    nodeinfoVersion: '2025.4.7',
    instanceVersion: '3.0.0 (compatible; Sharkey 2025.4.7; like Akkoma)',
    oauthMetadata: 'fixture',
    grants: ['authorization_code', 'client_credentials'],
    unsupportedGrantError: {
      status: 401,
      body: { error: 'NO_SUCH_SESSION', error_description: 'No such session.' }
    },
    pkce: 'ignored',
    refreshTokens: false,
    loginFieldNames: { username: 'username', password: 'password' },
    badToken: {
      status: 401,
      body: {
        error: 'AUTHENTICATION_FAILED',
        error_description: 'Authentication failed. Please ensure your token is correct.'
      }
    },
    nodeinfoLinks: [
      { schema: '2.1', path: '/nodeinfo/2.1' },
      { schema: '2.0', path: '/nodeinfo/2.0' }
    ],
    fixtures: {
      v1: 'sharkey-2025.4.7-instance-v1.json',
      nodeinfo: 'sharkey-2025.4.7-nodeinfo-2.0.json',
      oauthMetadata: 'sharkey-2025.4.7-oauth-authorization-server.json'
    },
    misskeyMeta: 'sharkey-2025.4.7-api-meta.json',
    singleUseApps: true
  },
  hollo: {
    // Hollo 0.9.13 (PROTOCOL.md §7, fixtures hollo-0.9.13-*): a bare `0.9.13` version, metadata
    // without the password grant, exact redirect URIs, a dead token is a 401 `invalid_token`
    // without `WWW-Authenticate`, no token at all a 401 `unauthorized`.
    ...mastodonBase,
    software: 'hollo',
    nodeinfoVersion: '0.9.13',
    instanceVersion: '0.9.13',
    grants: ['authorization_code', 'client_credentials'],
    redirectMatch: 'exact',
    passwordLogin: 'username-or-email',
    loginFieldNames: { username: 'email', password: 'password' },
    badToken: { status: 401, body: { error: 'invalid_token' } },
    missingToken: { status: 401, body: { error: 'unauthorized' } },
    // Not captured from the real server: left out rather than guessed.
    appsVerifyCredentials: false,
    nodeinfoLinks: [{ schema: '2.1', path: '/nodeinfo/2.1' }],
    fixtures: {
      v1: 'hollo-0.9.13-instance-v1.json',
      v2: 'hollo-0.9.13-instance-v2.json',
      nodeinfo: 'hollo-0.9.13-nodeinfo-2.1.json',
      oauthMetadata: 'hollo-0.9.13-oauth-authorization-server.json'
    },
    consentPage: 'deny-before-allow',
    createdAtMillisFor: ['authorization_code'],
    uuidIds: true
  },
  'html-site': hostile('html-site'),
  'rate-limited': hostile('rate-limited'),
  'black-hole': hostile('black-hole'),
  'huge-body': hostile('huge-body'),
  'broken-json': hostile('broken-json'),
  'cross-origin-redirect': {
    ...mastodonBase,
    nodeinfoVersion: '4.6.4',
    instanceVersion: '4.6.4',
    redirectApiToOtherOrigin: true,
    fixtures: {
      v1: 'mastodon-4.6-instance-v1.json',
      v2: 'mastodon-4.6-instance-v2.json',
      nodeinfo: 'mastodon-4.6-nodeinfo-2.0.json',
      oauthMetadata: 'mastodon-4.6-oauth-authorization-server.json'
    }
  }
}
