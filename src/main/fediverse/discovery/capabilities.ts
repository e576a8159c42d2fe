import { isMastodonFamily, versionAtLeast, type SoftwareGuess } from './software'
import { serverDisplayName } from '@shared/server-names'

/** "unknown" is not "unsupported": the server simply did not say. */
export type Support = 'supported' | 'unsupported' | 'unknown'

export interface AuthCapabilities {
  /** The server published RFC 8414 metadata (`/.well-known/oauth-authorization-server`). */
  metadata: boolean
  grantTypes?: string[]
  passwordGrant: Support
  /** Plain-language reason for `passwordGrant`, fit to show next to the password form. */
  passwordGrantReason: string
  pkce: Support
  codeChallengeMethods?: string[]
  revocation: Support
  refreshTokens: Support
  scopes?: string[]
  authorizationEndpoint: string
  tokenEndpoint: string
  revocationEndpoint?: string
  /** Registered `http://127.0.0.1/...` redirect URIs match any port (Doorkeeper, RFC 8252 §7.3). */
  loopbackPortException: boolean
}

/** The fields of RFC 8414 metadata the engine reads; anything else in the document is ignored. */
export interface OAuthMetadata {
  grantTypes?: string[]
  codeChallengeMethods?: string[]
  scopes?: string[]
  authorizationEndpoint?: string
  tokenEndpoint?: string
  revocationEndpoint?: string
}

const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined)

export function readOAuthMetadata(doc: unknown): OAuthMetadata | undefined {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return undefined
  const d = doc as Record<string, unknown>
  if (!str(d.issuer) && !str(d.token_endpoint) && !str(d.authorization_endpoint)) return undefined
  return {
    grantTypes: strings(d.grant_types_supported),
    codeChallengeMethods: strings(d.code_challenge_methods_supported),
    scopes: strings(d.scopes_supported),
    authorizationEndpoint: str(d.authorization_endpoint),
    tokenEndpoint: str(d.token_endpoint),
    revocationEndpoint: str(d.revocation_endpoint)
  }
}

const NO_PASSWORD_GRANT: Record<string, string> = {
  ...Object.fromEntries(
    ['gotosocial', 'takahe', 'hollo', 'friendica'].map((s) => [
      s,
      `${serverDisplayName(s)} only signs apps in through the browser.`
    ])
  ),
  // snac's token endpoint checks no password: a token from it may belong to whoever signed in last.
  snac: 'snac does not check passwords when it hands out tokens, so Fedivault signs in to snac through the browser only.'
}

/**
 * Whether a password may be sent at all. Advertised grant types decide when published (Mastodon
 * ≥ 4.3, Hollo); otherwise what is known about the software (PROTOCOL.md §1.3, §2).
 */
export function passwordGrantSupport(
  guess: SoftwareGuess | undefined,
  metadata: OAuthMetadata | undefined
): { support: Support; reason: string } {
  const name = guess ? serverDisplayName(guess.software) : 'This server'
  if (metadata?.grantTypes) {
    return metadata.grantTypes.includes('password')
      ? { support: 'supported', reason: `${name} allows password sign-in for apps.` }
      : {
          support: 'unsupported',
          reason: `${name}${guess?.version ? ` ${guess.version}` : ''} does not allow password sign-in for apps (it offers ${metadata.grantTypes.join(', ') || 'no grant types'}).`
        }
  }
  if (!guess)
    return {
      support: 'unknown',
      reason: 'The server does not say whether it allows password sign-in.'
    }
  const known = NO_PASSWORD_GRANT[guess.software]
  if (known) return { support: 'unsupported', reason: known }
  if (isMastodonFamily(guess)) {
    const modern = versionAtLeast(guess.version, [4, 4, 0])
    if (modern === true)
      return {
        support: 'unsupported',
        reason: `Mastodon removed password sign-in for apps in version 4.4.`
      }
    if (modern === false)
      return {
        support: 'supported',
        reason: `${name} ${guess.version} still allows password sign-in (with the e-mail address).`
      }
    return {
      support: 'unknown',
      reason: `${name} allowed password sign-in before version 4.4; this server does not say which version it runs.`
    }
  }
  if (guess.software === 'pleroma' || guess.software === 'akkoma') {
    return { support: 'supported', reason: `${name} allows password sign-in for apps.` }
  }
  if (guess.software === 'pixelfed') {
    return {
      support: 'unknown',
      reason: 'Pixelfed allows password sign-in only where the administrator enabled it.'
    }
  }
  return { support: 'unknown', reason: `${name} does not say whether it allows password sign-in.` }
}

export function authCapabilities(
  apiBaseUrl: string,
  guess: SoftwareGuess | undefined,
  metadata: OAuthMetadata | undefined
): AuthCapabilities {
  const software = guess?.software ?? 'unknown'
  const password = passwordGrantSupport(guess, metadata)
  const mastodon = guess ? isMastodonFamily(guess) : false

  let pkce: Support = 'unknown'
  if (metadata?.codeChallengeMethods)
    pkce = metadata.codeChallengeMethods.includes('S256') ? 'supported' : 'unsupported'
  else if (software === 'gotosocial')
    pkce = versionAtLeast(guess?.version, [0, 12, 0]) === false ? 'unsupported' : 'supported'
  else if (software === 'hollo' || software === 'misskey') pkce = 'supported'
  else if (mastodon)
    pkce = versionAtLeast(guess?.version, [4, 3, 0]) === true ? 'supported' : 'unknown'
  else if (software === 'takahe') pkce = 'unsupported'

  let revocation: Support = 'unknown'
  if (metadata?.revocationEndpoint) revocation = 'supported'
  else if (software === 'gotosocial')
    revocation = versionAtLeast(guess?.version, [0, 19, 0]) === false ? 'unsupported' : 'supported'
  else if (mastodon || ['pleroma', 'akkoma', 'snac', 'hollo', 'pixelfed'].includes(software))
    revocation = 'supported'

  let refreshTokens: Support = 'unknown'
  if (metadata?.grantTypes)
    refreshTokens = metadata.grantTypes.includes('refresh_token') ? 'supported' : 'unsupported'
  else if (['pleroma', 'akkoma', 'pixelfed'].includes(software)) refreshTokens = 'supported'
  else if (mastodon || ['gotosocial', 'takahe', 'hollo', 'snac'].includes(software))
    refreshTokens = 'unsupported'

  const caps: AuthCapabilities = {
    metadata: metadata !== undefined,
    passwordGrant: password.support,
    passwordGrantReason: password.reason,
    pkce,
    revocation,
    refreshTokens,
    authorizationEndpoint: metadata?.authorizationEndpoint ?? `${apiBaseUrl}/oauth/authorize`,
    tokenEndpoint: metadata?.tokenEndpoint ?? `${apiBaseUrl}/oauth/token`,
    loopbackPortException: mastodon
  }
  if (metadata?.grantTypes) caps.grantTypes = metadata.grantTypes
  if (metadata?.codeChallengeMethods) caps.codeChallengeMethods = metadata.codeChallengeMethods
  if (metadata?.scopes) caps.scopes = metadata.scopes
  if (revocation === 'supported')
    caps.revocationEndpoint = metadata?.revocationEndpoint ?? `${apiBaseUrl}/oauth/revoke`
  return caps
}
