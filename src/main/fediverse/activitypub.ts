import type { AxiosInstance } from 'axios'
import { verifyCredentials } from './account'
import { Discovery } from './discovery/discover'
import { DEFAULT_LIMITS } from './discovery/instance-doc'
import type { InstanceType } from './discovery/software'
import { defaultClient } from './http/client'
import { DEFAULT_CLIENT_NAME, registerClient } from './oauth/register-client'
import { buildAuthorizationUrl } from './oauth/authorize-url'
import { checkPasswordGrantAdvertised } from './oauth/password-gate'
import { exchangeAuthorizationCode, passwordGrant, revokeToken } from './oauth/tokens'
import { normalizeInstanceUrl } from './url'
import { systemClock } from '../clock'

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

  constructor({
    instance,
    accessToken,
    client = defaultClient()
  }: {
    instance: string
    accessToken: string
    client?: AxiosInstance
  }) {
    this.instance = normalizeInstanceUrl(instance)
    this.accessToken = accessToken
    this.client = client
  }

  /** Returns `[clientId, clientSecret]`. */
  static async createApp(request: {
    instanceUrl: string
    client?: AxiosInstance
    clientName?: string
    website?: string
    scopes?: string[]
    redirectUris?: string[]
  }): Promise<[clientId: string, clientSecret: string]> {
    const { instanceUrl, ...rest } = request
    const app = await registerClient({
      ...rest,
      apiBaseUrl: instanceUrl,
      clientName: request.clientName ?? DEFAULT_CLIENT_NAME
    })
    return [app.clientId, app.clientSecret]
  }

  /**
   * Password grant; registers an app first when no client credentials are given. Nothing is sent
   * (no app, no password) to a Misskey-family server (`unsupported_server`: it signs apps in
   * through MiAuth only), nor where the OAuth metadata of a Mastodon-API server lists grant types
   * without `password` (`unsupported_grant`, with the same reason the app shows).
   */
  static async getAuthToken(request: {
    instanceUrl: string
    username: string
    password: string
    client?: AxiosInstance
    clientId?: string
    clientSecret?: string
    scopes?: string[]
  }): Promise<string> {
    const { software } = await checkPasswordGrantAdvertised({
      client: request.client ?? defaultClient(),
      base: normalizeInstanceUrl(request.instanceUrl, 'request_token')
    })
    let { clientId, clientSecret } = request
    if (!clientId || !clientSecret) {
      ;[clientId, clientSecret] = await ActivityPub.createApp({
        instanceUrl: request.instanceUrl,
        client: request.client,
        scopes: request.scopes
      })
    }
    const { instanceUrl, ...login } = request
    const tokens = await passwordGrant({
      ...login,
      apiBaseUrl: instanceUrl,
      clientId,
      clientSecret,
      software
    })
    return tokens.accessToken
  }

  /**
   * The URL to open in the browser. No request is made; `userAgent` is accepted for parity with
   * the original and unused.
   */
  static async generateAuthorizationUrl(request: {
    instanceUrl: string
    clientId: string
    userAgent?: string
    redirectUri?: string
    scopes?: string[]
    state?: string
    codeChallenge?: string
    forceLogin?: boolean
  }): Promise<string> {
    const { instanceUrl, ...options } = request
    return buildAuthorizationUrl({ ...options, apiBaseUrl: instanceUrl })
  }

  static async validateAuthorizationCode({
    authorizationCode,
    instanceUrl,
    ...exchange
  }: {
    client?: AxiosInstance
    instanceUrl: string
    authorizationCode: string
    clientId: string
    clientSecret: string
    redirectUri?: string
    codeVerifier?: string
  }): Promise<string> {
    const tokens = await exchangeAuthorizationCode({
      ...exchange,
      apiBaseUrl: instanceUrl,
      code: authorizationCode
    })
    return tokens.accessToken
  }

  static revokeToken(request: {
    client?: AxiosInstance
    instanceUrl: string
    clientId: string
    clientSecret: string
    token: string
  }): Promise<void> {
    const { instanceUrl, ...revocation } = request
    return revokeToken({ ...revocation, apiBaseUrl: instanceUrl })
  }

  /** NodeInfo first, instance-document version patterns second; sets type, version and limits. */
  async determineInstanceType(): Promise<void> {
    const info = await new Discovery(this.instance, this.client, systemClock).info()
    this.instanceType = info.software
    this.instanceVersion = info.version
    this.maxStatusLen = info.limits.maxStatusLen
    this.maxAttachments = info.limits.maxAttachments
    this.maxAttSize = info.limits.maxAttSize
    this.supportedMimeTypes = info.limits.supportedMimeTypes
  }

  verifyCredentials(): Promise<Record<string, unknown>> {
    return verifyCredentials({
      apiBaseUrl: this.instance,
      accessToken: this.accessToken,
      client: this.client
    })
  }
}
