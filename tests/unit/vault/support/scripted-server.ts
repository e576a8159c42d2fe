import {
  type AccountServer,
  type ClientRegistration,
  EngineFailure,
  type IssuedTokens
} from '../../../../src/main/vault'

interface TokenEntry {
  username: string
  clientId: string
  refreshToken?: string
}

/**
 * An in-memory stand-in for the servers behind the AccountServer port, for the vault's unit
 * tests: it keeps real token state (issue, verify, refresh with rotation, revoke) so the vault's
 * decisions are checked against consequences, not against call expectations. The fediverse
 * simulator covers the same rules over HTTP in the integration tests.
 */
export class ScriptedServer implements AccountServer {
  readonly tokens = new Map<string, TokenEntry>()
  readonly refreshTokens = new Map<string, string>() // refresh → access
  readonly revoked: string[] = []
  readonly profiles = new Map<string, Record<string, unknown>>()
  offline = false
  /** Answer every verify with this failure (e.g. snac's 422 mapped to rejected_token). */
  verifyFailure: EngineFailure | undefined
  revokeFailure: EngineFailure | undefined
  latencyMs = 0
  inFlight = new Map<string, number>()
  maxInFlight = new Map<string, number>()
  calls = { verify: 0, revoke: 0, refresh: 0 }
  #counter = 0

  issue(
    username: string,
    app: ClientRegistration,
    options: { refresh?: boolean; lifetimeMs?: number; now?: number } = {}
  ): IssuedTokens {
    const accessToken = `tok-${username}-${++this.#counter}-${Math.random().toString(36).slice(2)}`
    const refreshToken = options.refresh
      ? `ref-${username}-${this.#counter}-${Math.random().toString(36).slice(2)}`
      : undefined
    this.tokens.set(accessToken, { username, clientId: app.clientId, refreshToken })
    if (refreshToken) this.refreshTokens.set(refreshToken, accessToken)
    const now = options.now ?? Date.now()
    return {
      accessToken,
      tokenType: 'Bearer',
      scope: ['read', 'write'],
      refreshToken,
      expiresAt: options.lifetimeMs === undefined ? undefined : now + options.lifetimeMs,
      createdAt: now
    }
  }

  accountJson(username: string): Record<string, unknown> {
    return (
      this.profiles.get(username) ?? {
        id: `id-${username}`,
        username,
        acct: username,
        display_name: `${username} display`,
        avatar: `https://img.example/${username}.png`,
        note: '<p>hi</p>',
        followers_count: 3,
        following_count: 4,
        statuses_count: 5,
        fields: [],
        emojis: []
      }
    )
  }

  async verifyCredentials(
    apiBaseUrl: string,
    accessToken: string
  ): Promise<Record<string, unknown>> {
    this.calls.verify++
    return this.#timed(apiBaseUrl, async () => {
      if (this.verifyFailure) throw this.verifyFailure
      const entry = this.tokens.get(accessToken)
      if (!entry) throw new EngineFailure('rejected_token', 'HTTP 401', 401)
      return this.accountJson(entry.username)
    })
  }

  async revokeToken(apiBaseUrl: string, app: ClientRegistration, accessToken: string): Promise<void> {
    this.calls.revoke++
    return this.#timed(apiBaseUrl, async () => {
      if (this.revokeFailure) throw this.revokeFailure
      const entry = this.tokens.get(accessToken)
      if (entry && entry.clientId !== app.clientId) {
        throw new EngineFailure('rejected_client', 'unauthorized_client', 403)
      }
      this.tokens.delete(accessToken)
      this.revoked.push(accessToken)
    })
  }

  async refreshToken(
    apiBaseUrl: string,
    app: ClientRegistration,
    refreshToken: string
  ): Promise<IssuedTokens> {
    this.calls.refresh++
    return this.#timed(apiBaseUrl, async () => {
      const access = this.refreshTokens.get(refreshToken)
      const entry = access ? this.tokens.get(access) : undefined
      if (!access || !entry) throw new EngineFailure('rejected_token', 'invalid_grant', 400)
      // Doorkeeper and the others: a refresh token works only for the client it was issued to.
      if (entry.clientId !== app.clientId) {
        throw new EngineFailure('rejected_token', 'invalid_grant', 400)
      }
      // Rotation, as Pleroma does: the old pair dies.
      this.refreshTokens.delete(refreshToken)
      this.tokens.delete(access)
      return this.issue(entry.username, app, { refresh: true, lifetimeMs: 3_600_000 })
    })
  }

  isValid(accessToken: string): boolean {
    return this.tokens.has(accessToken)
  }

  async #timed<T>(apiBaseUrl: string, fn: () => Promise<T>): Promise<T> {
    if (this.offline) throw new EngineFailure('unreachable', 'connect ECONNREFUSED')
    const host = new URL(apiBaseUrl).host
    const now = (this.inFlight.get(host) ?? 0) + 1
    this.inFlight.set(host, now)
    this.maxInFlight.set(host, Math.max(now, this.maxInFlight.get(host) ?? 0))
    try {
      if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs))
      return await fn()
    } finally {
      this.inFlight.set(host, (this.inFlight.get(host) ?? 1) - 1)
    }
  }
}
