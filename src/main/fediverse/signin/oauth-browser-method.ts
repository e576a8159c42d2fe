import { OOB_REDIRECT_URI } from '../oauth/register-client'
import { buildAuthorizationUrl } from '../oauth/authorize-url'
import { createPkcePair, randomState } from '../oauth/pkce'
import { exchangeAuthorizationCode } from '../oauth/tokens'
import type { ClientProvisioning } from './client-provisioning'
import type { BrowserAuthorization, BrowserSignInMethod, SignInContext } from './types'
import { verifySignIn } from './verify'

/**
 * OAuth 2 authorization code with PKCE (RFC 7636), redirected to a loopback listener (RFC 8252),
 * with the out-of-band URI as the fallback where the person pastes the code the server shows.
 */
export class OAuthBrowserMethod implements BrowserSignInMethod {
  readonly name = 'oauth'

  constructor(
    private readonly ctx: SignInContext,
    private readonly apps: ClientProvisioning
  ) {}

  supports(): boolean {
    return true
  }

  async authorize(
    options: Parameters<BrowserSignInMethod['authorize']>[0]
  ): Promise<BrowserAuthorization> {
    const { flowId, discovery, instance } = options
    const state = randomState()
    const { app, listener } = await this.apps.appAndListener(instance, flowId, state)
    const pkce = createPkcePair()
    const common = {
      apiBaseUrl: instance.apiBaseUrl,
      clientId: app.clientId,
      scopes: this.ctx.scopes,
      state,
      codeChallenge: pkce.challenge,
      forceLogin: options.forceLogin
    }
    return {
      authorizationUrl: buildAuthorizationUrl({ ...common, redirectUri: listener.redirectUri }),
      manualAuthorizationUrl: buildAuthorizationUrl({ ...common, redirectUri: OOB_REDIRECT_URI }),
      callback: listener.result.then(({ code }) => code),
      finish: async (code, via) => {
        this.ctx.progress(flowId, 'exchanging_code')
        const tokens = await exchangeAuthorizationCode({
          client: this.ctx.client,
          apiBaseUrl: instance.apiBaseUrl,
          clientId: app.clientId,
          clientSecret: app.clientSecret,
          code,
          redirectUri: via === 'loopback' ? listener.redirectUri : OOB_REDIRECT_URI,
          codeVerifier: pkce.verifier,
          clock: this.ctx.clock
        })
        return verifySignIn(this.ctx, { flowId, discovery, app, tokens })
      },
      close: () => listener.close()
    }
  }
}
