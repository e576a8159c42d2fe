import { serverLabel } from '@shared/server-names'
import type { Discovery } from '../discovery/discover'
import { FediverseError, isFediverseError } from '../errors'
import { passwordGrant, type TokenSet } from '../oauth/tokens'
import type { ClientProvisioning } from './client-provisioning'
import type { ClientRegistration } from '../../client-registration'
import type { SignInContext, VerifiedSignIn } from './types'
import { verifySignIn } from './verify'

/**
 * The password grant, where the server still offers it: [discovery ‖ app registration] → token →
 * verify. The password is sent only once discovery said the grant may work.
 */
export async function passwordSignIn(
  ctx: SignInContext,
  apps: ClientProvisioning,
  options: { flowId: string; discovery: Discovery; username: string; password: string }
): Promise<VerifiedSignIn> {
  const { flowId, discovery } = options
  // Looked up already (the app always looks up first): a Misskey-family server gets no app
  // registration at all (Sharkey's Mastodon side would register one), nor a password.
  if (discovery.known?.api === 'misskey') throw (await misskeyPasswordRefusal(discovery))!
  const probe = await discovery.probe
  const apiBaseUrl = probe.apiBaseUrl
  // Registration runs alongside discovery; the password waits until discovery says it may go.
  const appPromise = apps.storedOrNew(apiBaseUrl, flowId)
  appPromise.catch(() => {})
  const verdict = await probe.passwordGrant().catch(async (err: unknown) => {
    throw (await misskeyPasswordRefusal(discovery)) ?? err
  })
  if (verdict.support === 'unsupported') {
    const misskey = await misskeyPasswordRefusal(discovery)
    if (misskey) throw misskey
    throw new FediverseError({
      code: 'unsupported_grant',
      step: 'request_token',
      message: `${verdict.reason} Sign in with the browser instead.`
    })
  }
  const stored = await appPromise
  let app = stored.app
  ctx.progress(flowId, 'requesting_token')
  const grant = (a: ClientRegistration): Promise<TokenSet> =>
    passwordGrant({
      client: ctx.client,
      apiBaseUrl,
      clientId: a.clientId,
      clientSecret: a.clientSecret,
      username: options.username.trim(),
      password: options.password,
      scopes: ctx.scopes,
      software: verdict.software
    })
  let tokens: TokenSet
  try {
    tokens = await grant(app)
  } catch (err) {
    if (stored.fresh || !isFediverseError(err, 'invalid_client')) throw err
    app = await apps.replace(apiBaseUrl, flowId)
    tokens = await grant(app)
  }
  return verifySignIn(ctx, { flowId, discovery, app, tokens, typedUsername: options.username })
}

/**
 * The Misskey family has no password sign-in for apps, and no Mastodon app registration to fall
 * back on (`createApp`): `unsupported_server`, naming MiAuth, the one sign-in it offers apps. Every
 * password path decides this before it trusts anything else the server published (its OAuth
 * metadata is Misskey's own OAuth 2.0, not the Mastodon API's). Undefined for any other server.
 */
export async function misskeyPasswordRefusal(
  discovery: Pick<Discovery, 'info'>
): Promise<FediverseError | undefined> {
  const info = await discovery.info().catch(() => undefined)
  if (info?.api !== 'misskey') return undefined
  const server = serverLabel(info.software, info.version)
  return new FediverseError({
    code: 'unsupported_server',
    step: 'request_token',
    message:
      `${new URL(info.apiBaseUrl).host} runs ${server}, a Misskey-family server: it has no ` +
      'password sign-in and no Mastodon client API for apps. It signs apps in through MiAuth, ' +
      "where you approve the app's permissions on the server's own page: use the browser sign-in."
  })
}
