/**
 * The fediverse engine: talks to Mastodon-API servers (Mastodon, Pleroma, Akkoma, GoToSocial,
 * Takahē, Friendica, Pixelfed, Hollo, snac…) to discover them, register apps, obtain, refresh and
 * revoke tokens, and verify accounts. Plain Node + axios: no Electron anywhere in here.
 */
export { ActivityPub } from './activitypub'
export { verifyCredentials } from './account'
export { FediverseError, isFediverseError } from './errors'
export type { FediverseErrorCode, FediverseErrorInit, Step } from './errors'

export { USER_AGENT, createHttpClient, DEFAULT_TIMEOUT_MS, MAX_RESPONSE_BYTES } from './http/client'
export type { HttpClientOptions } from './http/client'
export { errorFromResponse, parseRetryAfter } from './http/response-errors'
export { serverInstant, SERVER_INSTANT_TOLERANCE_MS } from './http/server-instant'

export { discoverInstance, Discovery, InstanceProbe } from './discovery/discover'
export type { InstanceInfo } from './discovery/instance-info'
export { OPTIONAL_DOCUMENT_GRACE_MS } from './discovery/grace'
export { resolveHandle } from './discovery/handle'
export type { ResolvedHandle } from './discovery/handle'
export { authCapabilities, passwordGrantSupport, readOAuthMetadata } from './discovery/capabilities'
export type { AuthCapabilities, OAuthMetadata, Support } from './discovery/capabilities'
export { readInstanceDocs, DEFAULT_LIMITS } from './discovery/instance-doc'
export type { InstanceLimits } from './discovery/instance-doc'
export { softwareFromNodeinfo, softwareFromVersion, isMastodonFamily } from './discovery/software'
export type { InstanceType, SoftwareGuess } from './discovery/software'

export { registerClient, OOB_REDIRECT_URI, DEFAULT_SCOPES } from './oauth/register-client'
export type { AppRegistration } from './oauth/register-client'
export { buildAuthorizationUrl } from './oauth/authorize-url'
export type { AuthorizationUrlOptions } from './oauth/authorize-url'
export { createPkcePair, pkceChallenge, randomState } from './oauth/pkce'
export type { PkcePair } from './oauth/pkce'
export { startLoopbackListener, LOOPBACK_PATH } from './oauth/loopback'
export type { LoopbackListener, LoopbackResult } from './oauth/loopback'
export {
  clientCredentialsGrant,
  exchangeAuthorizationCode,
  parseTokenResponse,
  passwordGrant,
  refreshToken,
  revokeToken
} from './oauth/tokens'
export type { TokenSet } from './oauth/tokens'

export { normalizeInstanceUrl, parseSignInInput, isLoopbackHost } from './url'
export type { SignInInput } from './url'

export { DiscoveryCache } from './discovery/discovery-cache'

export { SignInFlows } from './signin/flows'
export type { SignInFlowsDeps } from './signin/flows'
export type {
  BrowserAuthorization,
  BrowserSignIn,
  BrowserSignInMethod,
  SignInContext,
  SignInStep,
  VerifiedSignIn
} from './signin/types'
export { ClientProvisioning } from './signin/client-provisioning'
export { BrowserFlows } from './signin/browser-flows'
export { OAuthBrowserMethod } from './signin/oauth-browser-method'
export { verifySignIn } from './signin/verify'
export type { ClientRegistry, ClientRegistration } from '../client-registration'
