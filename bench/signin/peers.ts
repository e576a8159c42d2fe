import { createOAuthAPIClient, createRestAPIClient } from 'masto'
import * as megalodonModule from 'megalodon'

/**
 * The same sign-in steps done with megalodon and masto.js, one step after another as their
 * documentation shows. Neither has a password flow that discovers grant support, and megalodon
 * has no password grant at all.
 */

const OOB = 'urn:ietf:wg:oauth:2.0:oob'
const SCOPES = ['read', 'write', 'follow', 'push']

// megalodon is CommonJS with a `default` export; under ESM interop it may be nested once more.
type MegalodonGenerator = (
  sns: 'mastodon',
  baseUrl: string,
  accessToken?: string | null
) => MegalodonClient
interface MegalodonClient {
  registerClient(
    name: string,
    o: { scopes: string[]; redirect_uris: string }
  ): Promise<{ client_id: string; client_secret: string; url: string | null }>
  fetchAccessToken(
    clientId: string,
    clientSecret: string,
    code: string,
    redirectUri: string
  ): Promise<{ access_token: string }>
  verifyAccountCredentials(): Promise<{ data: { username: string } }>
}
const mod = megalodonModule as unknown as {
  default: MegalodonGenerator | { default: MegalodonGenerator }
  detector: (url: string) => Promise<string>
}
const generator: MegalodonGenerator =
  typeof mod.default === 'function' ? mod.default : mod.default.default

export const megalodon = {
  /** detector (NodeInfo) → registerClient (which also builds the URL). */
  async startBrowser(url: string) {
    const sns = await mod.detector(url)
    const app = await generator(sns as 'mastodon', url).registerClient('bench', {
      scopes: SCOPES,
      redirect_uris: OOB
    })
    return {
      authorizationUrl: app.url!,
      clientId: app.client_id,
      clientSecret: app.client_secret,
      sns
    }
  },
  async finishBrowser(
    url: string,
    s: { clientId: string; clientSecret: string; sns: string },
    code: string
  ) {
    const token = await generator(s.sns as 'mastodon', url).fetchAccessToken(
      s.clientId,
      s.clientSecret,
      code,
      OOB
    )
    const account = await generator(
      s.sns as 'mastodon',
      url,
      token.access_token
    ).verifyAccountCredentials()
    return account.data.username
  }
}

/** The last step of every masto.js scenario: verify_credentials with the fresh token. */
async function mastoUsername(url: string, accessToken: string): Promise<string> {
  const account = await createRestAPIClient({ url, accessToken }).v1.accounts.verifyCredentials()
  return account.username
}

export const masto = {
  /** instance → apps.create; the authorization URL is built by hand (masto.js has no helper). */
  async startBrowser(url: string) {
    const rest = createRestAPIClient({ url })
    await rest.v2.instance.fetch()
    const app = await rest.v1.apps.create({
      clientName: 'bench',
      redirectUris: OOB,
      scopes: SCOPES.join(' ')
    })
    const q = new URLSearchParams({
      response_type: 'code',
      client_id: app.clientId!,
      redirect_uri: OOB,
      scope: SCOPES.join(' ')
    })
    return {
      authorizationUrl: `${url}/oauth/authorize?${q}`,
      clientId: app.clientId!,
      clientSecret: app.clientSecret!
    }
  },
  async finishBrowser(url: string, s: { clientId: string; clientSecret: string }, code: string) {
    const token = await createOAuthAPIClient({ url }).token.create({
      grantType: 'authorization_code',
      clientId: s.clientId,
      clientSecret: s.clientSecret,
      redirectUri: OOB,
      code,
      scope: SCOPES.join(' ')
    })
    return mastoUsername(url, token.accessToken)
  },
  /** instance → apps.create → token (password) → verify_credentials. */
  async registerClient(url: string) {
    const app = await createRestAPIClient({ url }).v1.apps.create({
      clientName: 'bench',
      redirectUris: OOB,
      scopes: SCOPES.join(' ')
    })
    return { clientId: app.clientId!, clientSecret: app.clientSecret! }
  },
  async password(
    url: string,
    app: { clientId: string; clientSecret: string },
    username: string,
    password: string
  ) {
    const token = await createOAuthAPIClient({ url }).token.create({
      grantType: 'password',
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      redirectUri: OOB,
      username,
      password,
      scope: SCOPES.join(' ')
    })
    return mastoUsername(url, token.accessToken)
  },
  async discover(url: string) {
    await createRestAPIClient({ url }).v2.instance.fetch()
  }
}
