import type { InstanceInfo } from '../discovery/instance-info'
import { isFediverseError } from '../errors'
import { DEFAULT_CLIENT_NAME, OOB_REDIRECT_URI, registerClient } from '../oauth/register-client'
import {
  LOOPBACK_PATH,
  pickFreePort,
  startLoopbackListener,
  type LoopbackListener
} from '../oauth/loopback'
import { clientCredentialsGrant } from '../oauth/tokens'
import type { ClientRegistry, ClientRegistration } from '../../client-registration'
import type { SignInContext } from './types'

export interface ClientProvisioningDeps {
  apps: ClientRegistry
  clientName?: string
  website?: string
  /** How long a loopback listener waits for the browser. */
  loopbackTimeoutMs: number
}

/**
 * The OAuth app each sign-in uses: the stored one when it still fits, a new registration otherwise.
 *
 * One app is registered per server, with the out-of-band URI and a loopback URI with an explicit
 * port. Mastodon ignores the port of a loopback redirect (RFC 8252 §7.3), so any free port works
 * there later. Servers that match exactly (GoToSocial, Hollo, anything not known to honour the
 * exception) need that very port: the listener binds it again, and only when it is taken is the
 * app registered anew (which replaces the stored one). Stored apps are checked with a
 * client_credentials request before the browser opens, and re-registered when the server has
 * forgotten them. snac deletes an app whenever one of its tokens is revoked, so its apps are
 * never reused for the browser.
 */
export class ClientProvisioning {
  /** Registrations in flight per server: a browser sign-in started right after a refused password
   * sign-in must wait for that registration instead of making a second one. */
  private readonly registering = new Map<string, Promise<ClientRegistration>>()

  constructor(
    private readonly ctx: SignInContext,
    private readonly deps: ClientProvisioningDeps
  ) {}

  async storedOrNew(
    apiBaseUrl: string,
    flowId: string
  ): Promise<{ app: ClientRegistration; fresh: boolean }> {
    const stored = await this.stored(apiBaseUrl)
    if (stored && this.covers(stored)) return { app: stored, fresh: false }
    return { app: await this.register(apiBaseUrl, flowId), fresh: true }
  }

  /** The server said invalid_client: forget the stored app and register a new one. */
  async replace(apiBaseUrl: string, flowId: string): Promise<ClientRegistration> {
    await this.deps.apps.forget(apiBaseUrl)
    return this.register(apiBaseUrl, flowId)
  }

  /** An app that is still registered, and a loopback listener on a port its redirect URI allows. */
  async appAndListener(
    info: InstanceInfo,
    flowId: string,
    state: string
  ): Promise<{ app: ClientRegistration; listener: LoopbackListener }> {
    const base = info.apiBaseUrl
    const stored = info.software === 'snac' ? undefined : await this.stored(base)
    let listener: LoopbackListener | undefined
    if (stored && this.covers(stored)) {
      const port = info.auth.loopbackPortException ? 0 : registeredLoopbackPort(stored)
      if (port !== undefined) listener = await this.listen(state, port)
      if (listener) {
        try {
          if (await this.stillRegistered(base, stored)) return { app: stored, listener }
        } catch (err) {
          listener.close()
          throw err
        }
        await this.deps.apps.forget(base)
      }
    }
    listener ??= await startLoopbackListener({ state, timeoutMs: this.deps.loopbackTimeoutMs })
    try {
      return { app: await this.register(base, flowId, listener.port), listener }
    } catch (err) {
      listener.close()
      throw err
    }
  }

  private async stored(apiBaseUrl: string): Promise<ClientRegistration | undefined> {
    await this.registering.get(apiBaseUrl)?.catch(() => {})
    return this.deps.apps.get(apiBaseUrl)
  }

  private covers(app: ClientRegistration): boolean {
    return (
      app.redirectUris.includes(OOB_REDIRECT_URI) &&
      this.ctx.scopes.every((s) => app.scopes.includes(s))
    )
  }

  private register(
    apiBaseUrl: string,
    flowId: string,
    loopbackPort?: number
  ): Promise<ClientRegistration> {
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
  ): Promise<ClientRegistration> {
    this.ctx.progress(flowId, 'registering')
    const port = loopbackPort ?? (await pickFreePort())
    const registration = await registerClient({
      client: this.ctx.client,
      apiBaseUrl,
      clientName: this.deps.clientName ?? DEFAULT_CLIENT_NAME,
      website: this.deps.website,
      scopes: this.ctx.scopes,
      redirectUris: [OOB_REDIRECT_URI, `http://127.0.0.1:${port}${LOOPBACK_PATH}`]
    })
    const app: ClientRegistration = { ...registration, registeredAt: this.ctx.clock.now() }
    await this.deps.apps.put(apiBaseUrl, app)
    return app
  }

  /** Binds the port a stored app was registered with; undefined when something else holds it. */
  private async listen(state: string, port: number): Promise<LoopbackListener | undefined> {
    try {
      return await startLoopbackListener({
        state,
        port,
        timeoutMs: this.deps.loopbackTimeoutMs
      })
    } catch (err) {
      const code = (err as { code?: string }).code
      if (code === 'EADDRINUSE' || code === 'EACCES') return undefined
      throw err
    }
  }

  private async stillRegistered(apiBaseUrl: string, app: ClientRegistration): Promise<boolean> {
    try {
      await clientCredentialsGrant({
        client: this.ctx.client,
        apiBaseUrl,
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
}

function registeredLoopbackPort(app: ClientRegistration): number | undefined {
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
