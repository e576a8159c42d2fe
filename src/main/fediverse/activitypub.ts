import type { AxiosInstance } from 'axios'
import { verifyCredentials } from './account'
import { Discovery } from './discovery/discover'
import { DEFAULT_LIMITS } from './discovery/instance-doc'
import type { InstanceType } from './discovery/software'
import { defaultClient } from './http/client'
import { DEFAULT_CLIENT_NAME, registerApp } from './oauth/app'
import { buildAuthorizationUrl } from './oauth/authorize-url'
import { checkPasswordGrantAdvertised } from './oauth/password-gate'
import { exchangeAuthorizationCode, passwordGrant, revokeToken } from './oauth/tokens'
import { normalizeInstanceUrl } from './url'

/**
 * minimal-activitypub's authentication API, same names in camelCase, same behaviour: bare domains
 * become https, the default redirect is out-of-band, `getAuthToken` registers an app when given
 * no client credentials. Every call throws FediverseError.
 */
export class ActivityPub {
  instanceType: InstanceType = 'unknown'
  instanceVersion?: string
  maxStatusLen = DEFAULT_LIMITS.maxStatusLen
  maxAttachments = DEFAULT_LIMITS.maxAttachments
  maxAttSize = DEFAULT_LIMITS.maxAttSize
  supportedMimeTypes: string[] = []

  private readonly instance: string
  private readonly accessToken: string
  private readonly client: AxiosInstance

  constructor(o: { instance: string; accessToken: string; client?: AxiosInstance }) {
    this.instance = normalizeInstanceUrl(o.instance)
    this.accessToken = o.accessToken
    this.client = o.client ?? defaultClient()
  }

  /** Returns `[clientId, clientSecret]`. */
  static async createApp(o: {
    instanceUrl: string
    client?: AxiosInstance
    clientName?: string
    website?: string
    scopes?: string[]
    redirectUris?: string[]
  }): Promise<[clientId: string, clientSecret: string]> {
    const app = await registerApp({ ...o, clientName: o.clientName ?? DEFAULT_CLIENT_NAME })
    return [app.clientId, app.clientSecret]
  }

  /**
   * Password grant; registers an app first when no client credentials are given. Nothing is sent
   * (no app, no password) when the server's OAuth metadata lists grant types without `password`:
   * that is `unsupported_grant`, with the same reason the app shows.
   */
  static async getAuthToken(o: {
    instanceUrl: string
    username: string
    password: string
    client?: AxiosInstance
    clientId?: string
    clientSecret?: string
    scopes?: string[]
  }): Promise<string> {
    const { software } = await checkPasswordGrantAdvertised({
      client: o.client ?? defaultClient(),
      base: normalizeInstanceUrl(o.instanceUrl, 'request_token')
    })
    let { clientId, clientSecret } = o
    if (!clientId || !clientSecret) {
      ;[clientId, clientSecret] = await ActivityPub.createApp({
        instanceUrl: o.instanceUrl,
        client: o.client,
        scopes: o.scopes
      })
    }
    const tokens = await passwordGrant({ ...o, clientId, clientSecret, software })
    return tokens.accessToken
  }

  /**
   * The URL to open in the browser. No request is made; `userAgent` is accepted for parity with
   * the original and unused.
   */
  static async generateAuthorizationUrl(o: {
    instanceUrl: string
    clientId: string
    userAgent?: string
    redirectUri?: string
    scopes?: string[]
    state?: string
    codeChallenge?: string
    forceLogin?: boolean
  }): Promise<string> {
    return buildAuthorizationUrl(o)
  }

  static async validateAuthorizationCode(o: {
    client?: AxiosInstance
    instanceUrl: string
    authorizationCode: string
    clientId: string
    clientSecret: string
    redirectUri?: string
    codeVerifier?: string
  }): Promise<string> {
    const tokens = await exchangeAuthorizationCode({ ...o, code: o.authorizationCode })
    return tokens.accessToken
  }

  static revokeToken(o: {
    client?: AxiosInstance
    instanceUrl: string
    clientId: string
    clientSecret: string
    token: string
  }): Promise<void> {
    return revokeToken(o)
  }

  /** NodeInfo first, instance-document version patterns second; sets type, version and limits. */
  async determineInstanceType(): Promise<void> {
    const info = await new Discovery(this.instance, this.client, Date.now).info()
    this.instanceType = info.software
    this.instanceVersion = info.version
    this.maxStatusLen = info.limits.maxStatusLen
    this.maxAttachments = info.limits.maxAttachments
    this.maxAttSize = info.limits.maxAttSize
    this.supportedMimeTypes = info.limits.supportedMimeTypes
  }

  verifyCredentials(): Promise<Record<string, unknown>> {
    return verifyCredentials({
      instanceUrl: this.instance,
      accessToken: this.accessToken,
      client: this.client
    })
  }
}
