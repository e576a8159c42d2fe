import type { InstanceInfo } from '../discovery/instance-info'
import { FediverseError } from '../errors'
import { startLoopbackListener } from '../oauth/loopback'
import type {
  BrowserAuthorization,
  BrowserSignInMethod,
  SignInContext,
  VerifiedSignIn
} from '../signin/types'
import { buildMiAuthUrl, MiAuthTokenFetch, newMiAuthSession, type PollOptions } from './miauth'
import { MIAUTH_PERMISSIONS } from './permissions'
import { verifyMisskeyAccount } from './user'

const BROWSER_GRACE_MS = 30_000

export interface MiAuthOptions {
  /** The name the server's page shows ("Fedivault"). */
  appName: string
  /** An https URL of the app's icon, if it has one on the web. */
  icon?: string
  /** How long the flow waits for approval (the loopback listener and the polling). */
  timeoutMs: number
  /** When the polling that runs while the browser has not come back asks `check`. */
  poll?: PollOptions['schedule']
}

/**
 * MiAuth (PROTOCOL.md §6), the browser sign-in of the whole Misskey family, Sharkey included.
 * Sharkey also speaks the Mastodon API, but its app registrations are single-use (a second
 * account, or signing in again, hangs on its page with a cached registration), while its MiAuth
 * token works on its Mastodon endpoints too; so one path for the family, with nothing to register.
 *
 * A fresh random session per sign-in; the browser comes back to a loopback listener with
 * `?session=…`. Meanwhile `check` is polled with back-off, so a browser that cannot reach the
 * listener (another device, a blocked port) still completes the sign-in. The token is fetched
 * exactly once (MiAuthTokenFetch) and verified with `POST /api/i`.
 */
export class MiAuthBrowserMethod implements BrowserSignInMethod {
  readonly name = 'miauth'

  constructor(
    private readonly ctx: SignInContext,
    private readonly options: MiAuthOptions
  ) {}

  supports(instance: InstanceInfo): boolean {
    return instance.api === 'misskey'
  }

  async authorize({
    flowId,
    instance
  }: Parameters<BrowserSignInMethod['authorize']>[0]): Promise<BrowserAuthorization> {
    const session = newMiAuthSession()
    const listener = await startLoopbackListener({
      state: session,
      timeoutMs: this.options.timeoutMs,
      params: { state: 'session', code: 'session' }
    })
    const tokens = new MiAuthTokenFetch(this.ctx.client, instance.apiBaseUrl, session)
    const stopPolling = new AbortController()
    const polled = tokens.poll({
      schedule: this.options.poll,
      deadline: this.ctx.clock.now() + this.options.timeoutMs,
      signal: stopPolling.signal,
      clock: this.ctx.clock
    })
    polled.catch(() => {})
    const url = (callback?: string) =>
      buildMiAuthUrl({
        apiBaseUrl: instance.apiBaseUrl,
        session,
        name: this.options.appName,
        icon: this.options.icon,
        permissions: MIAUTH_PERMISSIONS,
        callback
      })
    const close = () => {
      stopPolling.abort()
      listener.close()
    }
    // Whichever comes first: the browser back at the listener, or polling seeing the approval.
    const callback = Promise.race([listener.result.then(() => session), polled.then(() => session)])
    // Polling may see the approval before the browser arrives: the listener stays a little longer
    // so the browser still lands on "signed in" rather than on a closed port.
    const settled = () => {
      stopPolling.abort()
      setTimeout(() => listener.close(), BROWSER_GRACE_MS).unref()
    }
    callback.then(settled, close)
    // Registered before anyone awaits the flow: the window says so before the token is fetched.
    callback.then(
      () => this.ctx.progress(flowId, 'approved'),
      () => {}
    )
    return {
      method: 'miauth',
      pasteCode: false,
      permissions: [...MIAUTH_PERMISSIONS],
      authorizationUrl: url(listener.redirectUri),
      // Without a callback the page ends with "you can close this window"; polling finishes.
      manualAuthorizationUrl: url(),
      callback,
      finish: async (_code, via) => {
        if (via === 'pasted') {
          throw new FediverseError({
            code: 'invalid_grant',
            step: 'exchange_code',
            message:
              'Misskey-family servers show no code to paste: approve on the server’s page and Fedivault continues by itself.'
          })
        }
        // The window already says "Approved — finishing sign-in…" ('approved' above). A poll sent
        // just before the approval may still be answering `ok: false`: one more check then. Never after a success: the grant is kept and `check` is not called again.
        const grant = (await tokens.fetchToken()) ?? (await tokens.fetchToken())
        if (!grant) {
          throw new FediverseError({
            code: 'invalid_grant',
            step: 'request_token',
            message: `${new URL(instance.apiBaseUrl).host} has not handed out the sign-in. Approve it on the server’s page, or start again.`
          })
        }
        return this.verify(flowId, instance, grant.token)
      },
      close
    }
  }

  private async verify(
    flowId: string,
    instance: InstanceInfo,
    token: string
  ): Promise<VerifiedSignIn> {
    this.ctx.progress(flowId, 'verifying')
    const account = await verifyMisskeyAccount({
      client: this.ctx.client,
      apiBaseUrl: instance.apiBaseUrl,
      accessToken: token
    })
    return {
      instance,
      api: 'misskey',
      tokens: {
        accessToken: token,
        tokenType: 'Bearer',
        scope: [...MIAUTH_PERMISSIONS],
        createdAt: this.ctx.clock.now()
      },
      account,
      handle: `${String(account.username)}@${instance.domain}`,
      apiBaseUrl: instance.apiBaseUrl
    }
  }
}
