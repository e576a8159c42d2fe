import type { AxiosInstance } from 'axios'
import type { Discovery } from '../discovery/discover'
import type { InstanceInfo } from '../discovery/instance-info'
import type { TokenSet } from '../oauth/tokens'
import type { ApiFamily } from '../misskey/family'
import type { ClientRegistration } from '../../client-registration'
import { type Clock } from '../../clock'

export type SignInStep =
  | 'discovering'
  | 'registering'
  | 'requesting_token'
  | 'waiting_for_browser'
  | 'exchanging_code'
  | 'verifying'
  /** MiAuth: the server said the person approved; the token and the check are still to come. */
  | 'approved'

export interface VerifiedSignIn {
  instance: InstanceInfo
  /** The client API the account is used through (verification, removal, scripts). */
  api: ApiFamily
  /** The OAuth app that issued the token; absent for MiAuth, which registers nothing. */
  app?: ClientRegistration
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
  /** Which browser sign-in runs: OAuth, or Misskey's MiAuth. */
  method: 'oauth' | 'miauth'
  /**
   * When the browser cannot come back: true, the person pastes the code the server shows
   * (OAuth out-of-band); false, nothing to do, Fedivault asks the server by itself (MiAuth).
   */
  pasteCode: boolean
  /** The permissions the server's page will list for approval (MiAuth). */
  permissions?: string[]
}

/** What every part of a sign-in shares: the HTTP client, the clock, the scopes, progress reports. */
export interface SignInContext {
  client: AxiosInstance
  clock: Clock
  scopes: string[]
  progress(flowId: string, step: SignInStep): void
}

/**
 * One way of signing in through the browser (OAuth today; Misskey's MiAuth next). The facade picks
 * the first method that supports the discovered server, so callers never branch on the software.
 */
export interface BrowserSignInMethod {
  readonly name: string
  supports(instance: InstanceInfo): boolean
  /** Prepares the server side (app, listener…) and says where the browser should go. */
  authorize(options: {
    flowId: string
    discovery: Discovery
    instance: InstanceInfo
    forceLogin?: boolean
  }): Promise<BrowserAuthorization>
}

/** A browser sign-in in progress, as one method runs it. */
export interface BrowserAuthorization {
  authorizationUrl: string
  /** Where the person goes when the redirect to the loopback listener cannot work. */
  manualAuthorizationUrl: string
  /** Settles once: what the browser brought back to the loopback listener, or why nothing came. */
  callback: Promise<string>
  /** Turns what came back (through the listener, or pasted by the person) into a verified sign-in. */
  finish(code: string, via: 'loopback' | 'pasted'): Promise<VerifiedSignIn>
  /** Stops listening; safe to call more than once. */
  close(): void
  /** Defaults: 'oauth', a code can be pasted, no permission list (see BrowserSignIn). */
  method?: BrowserSignIn['method']
  pasteCode?: boolean
  permissions?: string[]
}
