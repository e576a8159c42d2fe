import { randomBytes } from 'node:crypto'
import type { AxiosInstance } from 'axios'
import { verifyCredentials } from '../account'
import { Discovery, type InstanceInfo } from '../discovery/discover'
import { FediverseError, isFediverseError } from '../errors'
import { defaultClient } from '../http/client'
import { DEFAULT_CLIENT_NAME, DEFAULT_SCOPES, OOB_REDIRECT_URI, registerApp } from '../oauth/app'
import { buildAuthorizationUrl } from '../oauth/authorize-url'
import {
  LOOPBACK_PATH,
  pickFreePort,
  startLoopbackListener,
  type LoopbackListener
} from '../oauth/loopback'
import { createPkcePair, randomState, type PkcePair } from '../oauth/pkce'
import {
  clientCredentialsGrant,
  exchangeAuthorizationCode,
  passwordGrant,
  revokeToken,
  type TokenSet
} from '../oauth/tokens'
import type { AppRegistry, RegisteredApp } from './app-registry'

export type SignInStep =
  | 'discovering'
  | 'registering'
  | 'requesting_token'
  | 'waiting_for_browser'
  | 'exchanging_code'
  | 'verifying'

export interface VerifiedSignIn {
  instance: InstanceInfo
  app: RegisteredApp
  tokens: TokenSet
  /** The account JSON from verify_credentials. */
  account: Record<string, unknown>
  /** `user@domain`, from the verified account and the server's handle domain. */
  handle: string
  apiBaseUrl: string
}

export interface BrowserSignIn {
  flowId: string
  /** Opens the server's sign-in page; it redirects back to our loopback listener. */
  authorizationUrl: string
  /** The same request with the out-of-band redirect: the server shows a code to paste. */
  manualAuthorizationUrl: string
  expiresAt: number
}

export interface SignInFlowsDeps {
  client?: AxiosInstance
  apps: AppRegistry
  clock?: () => number
  scopes?: string[]
  clientName?: string
  website?: string
  /** How long the loopback listener waits for the browser (default 10 minutes). */
  loopbackTimeoutMs?: number
  /** How long a discovery is reused (default 5 minutes). */
  discoveryTtlMs?: number
  onProgress?: (flowId: string, step: SignInStep) => void
}

interface Flow {
  id: string
  discovery: Discovery
  apiBaseUrl: string
  app: RegisteredApp
  listener: LoopbackListener
  pkce: PkcePair
  /** Set once a code arrived (from the listener or pasted): a flow finishes only once. */
  finishing: boolean
  result: Promise<VerifiedSignIn>
  settle: { resolve: (v: VerifiedSignIn) => void; reject: (e: unknown) => void }
}

const KEEP_SETTLED_FLOW_MS = 60_000

/**
 * Sign-in as the app performs it, arranged so that every request that can run concurrently does:
 *
 * - password, first time on a server: [discovery ‖ app registration] → token → verify (3 round trips);
 * - browser: discovery already ran while the person chose the method (`discover`), so one round
 *   trip (register, or check the stored app) before the browser opens, and token → verify after;
 * - a second account on the same server: token → verify (2).
 *
 * One app is registered per server, with the out-of-band URI and a loopback URI with an explicit
 * port. Mastodon ignores the port of a loopback redirect (RFC 8252 §7.3), so any free port works
 * there later. Servers that match exactly (GoToSocial, Hollo, anything not known to honour the
 * exception) need that very port: the listener binds it again, and only when it is taken is the
 * app registered anew (which replaces the stored one). Stored apps are checked with a
 * client_credentials request before the browser opens, and re-registered when the server has
 * forgotten them. snac deletes an app whenever one of its tokens is revoked, so its apps are
 * never reused for the browser.
 *
 * Nothing is persisted here except app registrations through `AppRegistry`; tokens are returned
 * only after verify_credentials accepted them.
 */
export class SignInFlows {
  private readonly client: AxiosInstance
  private readonly clock: () => number
  private readonly scopes: string[]
  private readonly loopbackTimeoutMs: number
  private readonly discoveryTtlMs: number
  private readonly discoveries = new Map<string, { discovery: Discovery; at: number }>()
  private readonly flows = new Map<string, Flow>()
  /** Registrations in flight per server: a browser sign-in started right after a refused password
   * sign-in must wait for that registration instead of making a second one. */
  private readonly registering = new Map<string, Promise<RegisteredApp>>()

  constructor(private readonly deps: SignInFlowsDeps) {
    this.client = deps.client ?? defaultClient()
    this.clock = deps.clock ?? Date.now
    this.scopes = deps.scopes?.length ? [...deps.scopes] : [...DEFAULT_SCOPES]
    this.loopbackTimeoutMs = deps.loopbackTimeoutMs ?? 10 * 60_000
    this.discoveryTtlMs = deps.discoveryTtlMs ?? 5 * 60_000
  }

  /** Cached per input for a few minutes; the UI calls it while the person is choosing. */
  discover(input: string): Promise<InstanceInfo> {
    return this.discoveryFor(input).info()
  }

  async passwordSignIn(o: {
    input: string
    username: string
    password: string
  }): Promise<VerifiedSignIn> {
    const flowId = newFlowId()
    this.progress(flowId, 'discovering')
    const discovery = this.discoveryFor(o.input)
    const probe = await discovery.probe
    const apiBaseUrl = probe.apiBaseUrl
    // Registration runs alongside discovery; the password waits until discovery says it may go.
    const appPromise = this.storedOrNewApp(apiBaseUrl, flowId)
    appPromise.catch(() => {})
    const verdict = await probe.passwordGrant()
    if (verdict.support === 'unsupported') {
      throw new FediverseError({
        code: 'unsupported_grant',
        step: 'request_token',
        message: `${verdict.reason} Sign in with the browser instead.`
      })
    }
    const stored = await appPromise
    let app = stored.app
    this.progress(flowId, 'requesting_token')
    const grant = (a: RegisteredApp): Promise<TokenSet> =>
      passwordGrant({
        client: this.client,
        instanceUrl: apiBaseUrl,
        clientId: a.clientId,
        clientSecret: a.clientSecret,
        username: o.username.trim(),
        password: o.password,
        scopes: this.scopes,
        software: verdict.software
      })
    let tokens: TokenSet
    try {
      tokens = await grant(app)
    } catch (err) {
      if (stored.fresh || !isFediverseError(err, 'invalid_client')) throw err
      await this.deps.apps.forget(apiBaseUrl)
      app = await this.register(apiBaseUrl, flowId)
      tokens = await grant(app)
    }
    return this.verify(flowId, discovery, app, tokens, o.username)
  }

  async startBrowserSignIn(o: { input: string; forceLogin?: boolean }): Promise<BrowserSignIn> {
    const flowId = newFlowId()
    this.progress(flowId, 'discovering')
    const discovery = this.discoveryFor(o.input)
    const info = await discovery.info()
    const state = randomState()
    const { app, listener } = await this.appAndListener(info, flowId, state)
    const pkce = createPkcePair()
    const common = {
      instanceUrl: info.apiBaseUrl,
      clientId: app.clientId,
      scopes: this.scopes,
      state,
      codeChallenge: pkce.challenge,
      forceLogin: o.forceLogin
    }
    let settle!: Flow['settle']
    const result = new Promise<VerifiedSignIn>((resolve, reject) => {
      settle = { resolve, reject }
    })
    result.catch(() => {})
    const flow: Flow = {
      id: flowId,
      discovery,
      apiBaseUrl: info.apiBaseUrl,
      app,
      listener,
      pkce,
      finishing: false,
      result,
      settle
    }
    this.flows.set(flowId, flow)
    result.then(
      () => this.forgetFlowLater(flowId),
      () => this.forgetFlowLater(flowId)
    )
    listener.result.then(
      ({ code }) => {
        if (!flow.finishing) this.finish(flow, code, listener.redirectUri)
      },
      (err: unknown) => {
        if (!flow.finishing) settle.reject(err)
      }
    )
    this.progress(flowId, 'waiting_for_browser')
    return {
      flowId,
      authorizationUrl: buildAuthorizationUrl({ ...common, redirectUri: listener.redirectUri }),
      manualAuthorizationUrl: buildAuthorizationUrl({ ...common, redirectUri: OOB_REDIRECT_URI }),
      expiresAt: this.clock() + this.loopbackTimeoutMs
    }
  }

  /** Resolves when the loopback listener got the code and the account is verified. */
  waitForBrowserSignIn(flowId: string): Promise<VerifiedSignIn> {
    return this.flow(flowId).result
  }

  /** The out-of-band fallback: the code the server showed, pasted by the person. */
  completeWithCode(flowId: string, code: string): Promise<VerifiedSignIn> {
    const flow = this.flow(flowId)
    if (!flow.finishing) {
      this.finish(flow, code, OOB_REDIRECT_URI)
      flow.listener.close()
    }
    return flow.result
  }

  cancel(flowId: string): void {
    const flow = this.flows.get(flowId)
    if (!flow) return
    flow.listener.close()
    if (!flow.finishing) {
      flow.settle.reject(
        new FediverseError({
          code: 'cancelled',
          step: 'waiting_for_browser',
          message: 'The sign-in was cancelled.'
        })
      )
    }
  }

  private flow(flowId: string): Flow {
    const flow = this.flows.get(flowId)
    if (!flow) {
      throw new FediverseError({
        code: 'cancelled',
        step: 'waiting_for_browser',
        message: 'This sign-in is no longer in progress. Start again.'
      })
    }
    return flow
  }

  private finish(flow: Flow, code: string, redirectUri: string): void {
    flow.finishing = true
    this.progress(flow.id, 'exchanging_code')
    exchangeAuthorizationCode({
      client: this.client,
      instanceUrl: flow.apiBaseUrl,
      clientId: flow.app.clientId,
      clientSecret: flow.app.clientSecret,
      code,
      redirectUri,
      codeVerifier: flow.pkce.verifier,
      clock: this.clock
    })
      .then((tokens) => this.verify(flow.id, flow.discovery, flow.app, tokens))
      .then(flow.settle.resolve, flow.settle.reject)
  }

  private forgetFlowLater(flowId: string): void {
    setTimeout(() => this.flows.delete(flowId), KEEP_SETTLED_FLOW_MS).unref()
  }

  /** Never trust a token before verify_credentials accepted it (snac hands out tokens for anything). */
  private async verify(
    flowId: string,
    discovery: Discovery,
    app: RegisteredApp,
    tokens: TokenSet,
    typedUsername?: string
  ): Promise<VerifiedSignIn> {
    this.progress(flowId, 'verifying')
    const [account, instance] = await Promise.all([
      verifyCredentials({
        client: this.client,
        instanceUrl: (await discovery.probe).apiBaseUrl,
        accessToken: tokens.accessToken
      }),
      discovery.info()
    ])
    const username = String(account.username)
    const expected = typedUsername && localPart(typedUsername, instance)
    if (expected && expected.toLowerCase() !== username.toLowerCase()) {
      // A valid token for somebody else: do not leave it alive on the server.
      await revokeToken({
        client: this.client,
        instanceUrl: instance.apiBaseUrl,
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        token: tokens.accessToken
      }).catch(() => {})
      throw new FediverseError({
        code: 'invalid_credentials',
        step: 'verify_credentials',
        message: `The server signed in @${username}, not @${expected}. Fedivault did not keep that sign-in.`
      })
    }
    return {
      instance,
      app,
      tokens,
      account,
      handle: `${username}@${instance.domain}`,
      apiBaseUrl: instance.apiBaseUrl
    }
  }

  private discoveryFor(input: string): Discovery {
    const key = input.trim().toLowerCase()
    const now = this.clock()
    const cached = this.discoveries.get(key)
    if (cached && now - cached.at < this.discoveryTtlMs) return cached.discovery
    const discovery = new Discovery(input.trim(), this.client, this.clock)
    const entry = { discovery, at: now }
    this.discoveries.set(key, entry)
    // A failed discovery is not remembered: the next attempt asks the server again.
    discovery.info().catch(() => {
      if (this.discoveries.get(key) === entry) this.discoveries.delete(key)
    })
    return discovery
  }

  private async storedApp(apiBaseUrl: string): Promise<RegisteredApp | undefined> {
    await this.registering.get(apiBaseUrl)?.catch(() => {})
    return this.deps.apps.get(apiBaseUrl)
  }

  private async storedOrNewApp(
    apiBaseUrl: string,
    flowId: string
  ): Promise<{ app: RegisteredApp; fresh: boolean }> {
    const stored = await this.storedApp(apiBaseUrl)
    if (stored && this.covers(stored)) return { app: stored, fresh: false }
    return { app: await this.register(apiBaseUrl, flowId), fresh: true }
  }

  private covers(app: RegisteredApp): boolean {
    return (
      app.redirectUris.includes(OOB_REDIRECT_URI) &&
      this.scopes.every((s) => app.scopes.includes(s))
    )
  }

  private register(
    apiBaseUrl: string,
    flowId: string,
    loopbackPort?: number
  ): Promise<RegisteredApp> {
    const registration = this.registerNow(apiBaseUrl, flowId, loopbackPort)
    this.registering.set(apiBaseUrl, registration)
    const done = (): void => {
      if (this.registering.get(apiBaseUrl) === registration) this.registering.delete(apiBaseUrl)
    }
    registration.then(done, done)
    return registration
  }

  private async registerNow(
    apiBaseUrl: string,
    flowId: string,
    loopbackPort?: number
  ): Promise<RegisteredApp> {
    this.progress(flowId, 'registering')
    const port = loopbackPort ?? (await pickFreePort())
    const registration = await registerApp({
      client: this.client,
      instanceUrl: apiBaseUrl,
      clientName: this.deps.clientName ?? DEFAULT_CLIENT_NAME,
      website: this.deps.website,
      scopes: this.scopes,
      redirectUris: [OOB_REDIRECT_URI, `http://127.0.0.1:${port}${LOOPBACK_PATH}`]
    })
    const app: RegisteredApp = { ...registration, registeredAt: this.clock() }
    await this.deps.apps.put(apiBaseUrl, app)
    return app
  }

  private async appAndListener(
    info: InstanceInfo,
    flowId: string,
    state: string
  ): Promise<{ app: RegisteredApp; listener: LoopbackListener }> {
    const base = info.apiBaseUrl
    const stored = info.software === 'snac' ? undefined : await this.storedApp(base)
    let listener: LoopbackListener | undefined
    if (stored && this.covers(stored)) {
      const port = info.auth.loopbackPortException ? 0 : registeredLoopbackPort(stored)
      if (port !== undefined) listener = await this.listen(state, port)
      if (listener) {
        try {
          if (await this.appStillRegistered(base, stored)) return { app: stored, listener }
        } catch (err) {
          listener.close()
          throw err
        }
        await this.deps.apps.forget(base)
      }
    }
    listener ??= await startLoopbackListener({ state, timeoutMs: this.loopbackTimeoutMs })
    try {
      return { app: await this.register(base, flowId, listener.port), listener }
    } catch (err) {
      listener.close()
      throw err
    }
  }

  /** Binds the port a stored app was registered with; undefined when something else holds it. */
  private async listen(state: string, port: number): Promise<LoopbackListener | undefined> {
    try {
      return await startLoopbackListener({ state, port, timeoutMs: this.loopbackTimeoutMs })
    } catch (err) {
      if (
        (err as { code?: string }).code === 'EADDRINUSE' ||
        (err as { code?: string }).code === 'EACCES'
      )
        return undefined
      throw err
    }
  }

  private async appStillRegistered(apiBaseUrl: string, app: RegisteredApp): Promise<boolean> {
    try {
      await clientCredentialsGrant({
        client: this.client,
        instanceUrl: apiBaseUrl,
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        scopes: ['read']
      })
      return true
    } catch (err) {
      if (isFediverseError(err, 'invalid_client')) return false
      if (
        isFediverseError(err) &&
        ['network', 'timeout', 'rate_limited', 'server_error'].includes(err.code)
      )
        throw err
      // Servers without client_credentials still know the app; the browser will tell otherwise.
      return true
    }
  }

  private progress(flowId: string, step: SignInStep): void {
    this.deps.onProgress?.(flowId, step)
  }
}

const newFlowId = (): string => randomBytes(16).toString('hex')

function registeredLoopbackPort(app: RegisteredApp): number | undefined {
  for (const uri of app.redirectUris) {
    if (!URL.canParse(uri)) continue
    const u = new URL(uri)
    if (
      u.protocol === 'http:' &&
      u.hostname === '127.0.0.1' &&
      u.pathname === LOOPBACK_PATH &&
      u.port
    )
      return Number(u.port)
  }
  return undefined
}

/** The username part of what was typed: `alice`, `@alice`, `alice@<this server>`; e-mail addresses give none. */
function localPart(typed: string, instance: InstanceInfo): string | undefined {
  const t = typed.trim().replace(/^@/, '')
  const at = t.indexOf('@')
  if (at < 0) return t
  const domain = t.slice(at + 1).toLowerCase()
  const hosts = [instance.domain.toLowerCase(), new URL(instance.apiBaseUrl).host.toLowerCase()]
  return hosts.includes(domain) ? t.slice(0, at) : undefined
}
