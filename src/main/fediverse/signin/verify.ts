import { verifyCredentials } from '../account'
import type { Discovery } from '../discovery/discover'
import type { InstanceInfo } from '../discovery/instance-info'
import { FediverseError } from '../errors'
import { revokeToken, type TokenSet } from '../oauth/tokens'
import type { ClientRegistration } from '../../client-registration'
import type { SignInContext, VerifiedSignIn } from './types'

/** Never trust a token before verify_credentials accepted it (snac hands out tokens for anything). */
export async function verifySignIn(
  ctx: SignInContext,
  options: {
    flowId: string
    discovery: Discovery
    app: ClientRegistration
    tokens: TokenSet
    typedUsername?: string
  }
): Promise<VerifiedSignIn> {
  const { app, tokens } = options
  ctx.progress(options.flowId, 'verifying')
  const [account, instance] = await Promise.all([
    verifyCredentials({
      client: ctx.client,
      apiBaseUrl: (await options.discovery.probe).apiBaseUrl,
      accessToken: tokens.accessToken
    }),
    options.discovery.info()
  ])
  const username = String(account.username)
  const expected = options.typedUsername && localPart(options.typedUsername, instance)
  if (expected && expected.toLowerCase() !== username.toLowerCase()) {
    // A valid token for somebody else: do not leave it alive on the server.
    await revokeToken({
      client: ctx.client,
      apiBaseUrl: instance.apiBaseUrl,
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
    api: 'mastodon',
    app,
    tokens,
    account,
    handle: `${username}@${instance.domain}`,
    apiBaseUrl: instance.apiBaseUrl
  }
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
