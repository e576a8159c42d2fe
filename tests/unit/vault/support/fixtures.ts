import type { ClientRegistration, VerifiedSignInInput } from '../../../../src/main/vault'
import type { ScriptedServer } from './scripted-server'

export function appFor(host: string, clientId = `client-${host}`): ClientRegistration {
  return {
    clientId,
    clientSecret: `secret-of-${clientId}-${Math.random().toString(36).slice(2)}`,
    redirectUris: ['urn:ietf:wg:oauth:2.0:oob'],
    scopes: ['read', 'write'],
    registeredAt: 1_700_000_000_000
  }
}

/** What the engine would hand over after a password or browser sign-in on `host`. */
export function signIn(
  server: ScriptedServer,
  username: string,
  host: string,
  options: {
    app?: ClientRegistration
    refresh?: boolean
    lifetimeMs?: number
    now?: number
    software?: string
  } = {}
): VerifiedSignInInput {
  const app = options.app ?? appFor(host)
  const tokens = server.issue(username, app, options)
  return {
    apiBaseUrl: `https://${host}`,
    handle: `${username}@${host.split(':')[0]}`,
    account: server.accountJson(username),
    tokens,
    app,
    instance: {
      software: options.software ?? 'mastodon',
      version: '4.3.0',
      signIn: { browser: { available: true, pkce: true }, password: { available: 'yes' } },
      limits: { maxStatusLen: 500, maxAttachments: 4 }
    }
  }
}
