import { randomBytes } from 'node:crypto'
import type { AxiosInstance } from 'axios'
import { DiscoveryCache } from '../discovery/discovery-cache'
import type { InstanceInfo } from '../discovery/instance-info'
import { FediverseError } from '../errors'
import { defaultClient } from '../http/client'
import { DEFAULT_CLIENT_NAME, DEFAULT_SCOPES } from '../oauth/register-client'
import { ClientProvisioning } from './client-provisioning'
import type { ClientRegistry } from '../../client-registration'
import { BrowserFlows } from './browser-flows'
import { MiAuthBrowserMethod, type MiAuthOptions } from '../misskey/miauth-method'
import { OAuthBrowserMethod } from './oauth-browser-method'
import { passwordSignIn } from './password-sign-in'
import type {
  BrowserSignIn,
  BrowserSignInMethod,
  SignInContext,
  SignInStep,
  VerifiedSignIn
} from './types'
import { systemClock, type Clock } from '../../clock'

export type { BrowserSignIn, SignInStep, VerifiedSignIn } from './types'

export interface SignInFlowsDeps {
  client?: AxiosInstance
  apps: ClientRegistry
  clock?: Clock
  scopes?: string[]
  clientName?: string
  website?: string
  /** How long the loopback listener waits for the browser (default 10 minutes). */
  loopbackTimeoutMs?: number
  /** How long a discovery is reused (default 5 minutes). */
  discoveryTtlMs?: number
  onProgress?: (flowId: string, step: SignInStep) => void
  /**
   * Extra browser sign-in methods, tried in order before OAuth: the first whose `supports` accepts
   * the discovered server runs the flow (Misskey's MiAuth goes here).
   */
  browserMethods?: (ctx: SignInContext) => BrowserSignInMethod[]
  /** MiAuth's polling back-off while the browser has not come back (tests shorten it). */
  miauthPoll?: MiAuthOptions['poll']
}

/**
 * Sign-in as the app performs it, arranged so that every request that can run concurrently does:
 *
 * - password, first time on a server: [discovery ‖ app registration] → token → verify (3 round trips);
 * - browser: discovery already ran while the person chose the method (`discover`), so one round
 *   trip (register, or check the stored app) before the browser opens, and token → verify after;
 * - a second account on the same server: token → verify (2).
 *
 * A facade over the discovery cache, app provisioning (`ClientProvisioning`), the password grant and
 * the browser flows (`BrowserFlows`), which run whichever `BrowserSignInMethod` fits the server.
 * Nothing is persisted here except app registrations through `ClientRegistry`; tokens are returned
 * only after verify_credentials accepted them.
 */
export class SignInFlows {
  private readonly ctx: SignInContext
  private readonly discoveries: DiscoveryCache
  private readonly apps: ClientProvisioning
  private readonly methods: BrowserSignInMethod[]
  private readonly browser: BrowserFlows

  constructor(deps: SignInFlowsDeps) {
    this.ctx = {
      client: deps.client ?? defaultClient(),
      clock: deps.clock ?? systemClock,
      scopes: deps.scopes?.length ? [...deps.scopes] : [...DEFAULT_SCOPES],
      progress: (flowId, step) => deps.onProgress?.(flowId, step)
    }
    const loopbackTimeoutMs = deps.loopbackTimeoutMs ?? 10 * 60_000
    this.discoveries = new DiscoveryCache(
      this.ctx.client,
      this.ctx.clock,
      deps.discoveryTtlMs ?? 5 * 60_000
    )
    this.apps = new ClientProvisioning(this.ctx, {
      apps: deps.apps,
      clientName: deps.clientName,
      website: deps.website,
      loopbackTimeoutMs
    })
    this.methods = [
      ...(deps.browserMethods?.(this.ctx) ?? []),
      // Misskey family (Sharkey included): see MiAuthBrowserMethod for why not its Mastodon API.
      new MiAuthBrowserMethod(this.ctx, {
        appName: deps.clientName ?? DEFAULT_CLIENT_NAME,
        timeoutMs: loopbackTimeoutMs,
        poll: deps.miauthPoll
      }),
      new OAuthBrowserMethod(this.ctx, this.apps)
    ]
    this.browser = new BrowserFlows(this.ctx, loopbackTimeoutMs)
  }

  /** Cached per input for a few minutes; the UI calls it while the person is choosing. */
  discover(input: string): Promise<InstanceInfo> {
    return this.discoveries.get(input).info()
  }

  async passwordSignIn(options: {
    input: string
    username: string
    password: string
  }): Promise<VerifiedSignIn> {
    const flowId = newFlowId()
    this.ctx.progress(flowId, 'discovering')
    const discovery = this.discoveries.get(options.input)
    return passwordSignIn(this.ctx, this.apps, { flowId, discovery, ...options })
  }

  async startBrowserSignIn(options: {
    input: string
    forceLogin?: boolean
  }): Promise<BrowserSignIn> {
    const flowId = newFlowId()
    this.ctx.progress(flowId, 'discovering')
    const discovery = this.discoveries.get(options.input)
    const instance = await discovery.info()
    const method = this.methods.find((m) => m.supports(instance))
    if (!method) {
      throw new FediverseError({
        code: 'unsupported_server',
        step: 'authorize',
        message: 'Fedivault does not know how to sign in to this server.'
      })
    }
    const authorization = await method.authorize({
      flowId,
      discovery,
      instance,
      forceLogin: options.forceLogin
    })
    return this.browser.track(flowId, authorization)
  }

  /** Where the browser goes for a flow still in progress; undefined once cancelled or forgotten. */
  authorizationUrl(flowId: string): string | undefined {
    return this.browser.authorizationUrl(flowId)
  }

  /** Resolves when the loopback listener got the code and the account is verified. */
  waitForBrowserSignIn(flowId: string): Promise<VerifiedSignIn> {
    return this.browser.wait(flowId)
  }

  /** The out-of-band fallback: the code the server showed, pasted by the person. */
  completeWithCode(flowId: string, code: string): Promise<VerifiedSignIn> {
    return this.browser.completeWithCode(flowId, code)
  }

  /** Says whether the flow was still in progress. */
  cancel(flowId: string): boolean {
    return this.browser.cancel(flowId)
  }

  cancelAll(): void {
    this.browser.cancelAll()
  }

  /** The caller is done with a finished flow: it no longer counts as in progress. */
  forget(flowId: string): void {
    this.browser.forget(flowId)
  }
}

const newFlowId = (): string => randomBytes(16).toString('hex')
