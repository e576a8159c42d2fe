import { createHash, randomBytes } from 'node:crypto'
import { isIP } from 'node:net'
import type { SimUser } from './documents'

export interface SimApp {
  clientId: string
  clientSecret: string
  name: string
  website?: string
  redirectUris: string[]
  scopes: string[]
  /** Sharkey: the one sign-in this registration can serve has started. */
  sessionUsed?: boolean
}

export interface SimCode {
  clientId: string
  username: string
  redirectUri: string
  scopes: string[]
  challenge?: string
  expiresAt: number
  used: boolean
}

export interface SimToken {
  clientId: string
  /** Undefined for app tokens (client_credentials) and for snac's useless tokens. */
  username?: string
  scopes: string[]
  expiresAt?: number
  refreshToken?: string
  revoked: boolean
}

export interface SimSession {
  id: string
  clientId: string
  redirectUri: string
  scopes: string[]
  state?: string
  challenge?: string
  createdAt: number
}

export const random = (bytes = 24): string => randomBytes(bytes).toString('base64url')

export const s256 = (verifier: string): string =>
  createHash('sha256').update(verifier).digest('base64url')

/** Everything a simulated server remembers: apps, sign-in sessions, codes, tokens. */
export class OAuthState {
  readonly apps = new Map<string, SimApp>()
  readonly sessions = new Map<string, SimSession>()
  readonly codes = new Map<string, SimCode>()
  readonly tokens = new Map<string, SimToken>()
  readonly refreshTokens = new Map<string, string>()
  /** snac: the token endpoint hands out tokens for whoever last signed in through an app. */
  readonly lastSignIn = new Map<string, string>()

  registerClient(a: Omit<SimApp, 'clientId' | 'clientSecret'>): SimApp {
    const app: SimApp = { ...a, clientId: random(24), clientSecret: random(32) }
    this.apps.set(app.clientId, app)
    return app
  }

  issueToken(options: {
    clientId: string
    username?: string
    scopes: string[]
    lifetimeSeconds?: number
    refresh: boolean
    fixed?: string
  }): [string, SimToken] {
    const token = options.fixed ?? random(32)
    const t: SimToken = {
      clientId: options.clientId,
      username: options.username,
      scopes: options.scopes,
      expiresAt: options.lifetimeSeconds ? Date.now() + options.lifetimeSeconds * 1000 : undefined,
      refreshToken: options.refresh ? random(32) : undefined,
      revoked: false
    }
    this.tokens.set(token, t)
    if (t.refreshToken) this.refreshTokens.set(t.refreshToken, token)
    return [token, t]
  }

  /** The token if it may be used right now. */
  liveToken(token: string | undefined): SimToken | undefined {
    if (!token) return undefined
    const t = this.tokens.get(token)
    if (!t || t.revoked) return undefined
    if (t.expiresAt !== undefined && t.expiresAt <= Date.now()) return undefined
    if (!this.apps.has(t.clientId) && t.clientId !== '') return undefined
    return t
  }

  revokeAll(username?: string): void {
    for (const t of this.tokens.values()) {
      if (username === undefined || t.username === username) t.revoked = true
    }
  }
}

export function findUser(
  users: SimUser[],
  login: string,
  by: 'email' | 'username-or-email'
): SimUser | undefined {
  const l = login.trim().toLowerCase()
  return users.find(
    (u) =>
      u.email.toLowerCase() === l || (by === 'username-or-email' && u.username.toLowerCase() === l)
  )
}

function isLoopbackIpLiteral(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '')
  if (isIP(h) === 4) return h.startsWith('127.')
  return isIP(h) === 6 && (h === '::1' || h === '0:0:0:0:0:0:0:1')
}

/**
 * Doorkeeper's rule (PROTOCOL.md §1.6): exact match, except that two loopback IP literals match
 * whatever their ports. `localhost` is a name, not an IP, and gets no exception.
 */
export function redirectUriMatches(
  registered: string[],
  requested: string,
  mode: 'loopback-port-exception' | 'exact'
): boolean {
  if (registered.includes(requested)) return true
  if (mode === 'exact') return false
  const req = URL.canParse(requested) ? new URL(requested) : undefined
  if (!req || !isLoopbackIpLiteral(req.hostname)) return false
  return registered.some((r) => {
    if (!URL.canParse(r)) return false
    const u = new URL(r)
    return (
      isLoopbackIpLiteral(u.hostname) &&
      u.protocol === req.protocol &&
      u.hostname === req.hostname &&
      u.pathname === req.pathname &&
      u.search === req.search
    )
  })
}

/** Mastodon's scope hierarchy: `read` covers `read:accounts`, and so on. */
export function scopesAllowed(granted: string[], requested: string[]): boolean {
  return requested.every(
    (s) =>
      granted.includes(s) ||
      granted.includes(s.split(':')[0]!) ||
      (s === 'profile' && granted.includes('read'))
  )
}

export function splitScopes(s: string | undefined, fallback: string[]): string[] {
  const parts = (s ?? '').split(/[\s+]+/).filter(Boolean)
  return parts.length ? parts : fallback
}
