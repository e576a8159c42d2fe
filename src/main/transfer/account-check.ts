import type { AxiosInstance } from 'axios'
import { FediverseError, verifyCredentials, type InstanceInfo } from '../fediverse'
import { toEngineFailure } from '../composition/fediverse-account-server'

/** A token the server accepted, with what the vault needs to store it like a sign-in. */
export interface CheckedAccount {
  apiBaseUrl: string
  /** `username@<handle domain>`, the way a sign-in names it. */
  handle: string
  account: Record<string, unknown>
  instance: InstanceInfo
}

/** Asks the server who a token belongs to (verify_credentials), and what the server is. */
export interface AccountChecker {
  check(apiBaseUrl: string, accessToken: string): Promise<CheckedAccount>
}

/** Over the engine: discovery (cached by the sign-in flows) and verify_credentials. */
export function engineAccountChecker(deps: {
  discover(input: string): Promise<InstanceInfo>
  client: AxiosInstance
}): AccountChecker {
  return {
    async check(apiBaseUrl, accessToken) {
      const instance = await deps.discover(apiBaseUrl)
      const account = await verifyCredentials({
        instanceUrl: instance.apiBaseUrl,
        accessToken,
        client: deps.client
      })
      return {
        apiBaseUrl: instance.apiBaseUrl,
        handle: `${String(account.username)}@${instance.domain}`,
        account,
        instance
      }
    }
  }
}

/** Why a token could not be verified, in words for the report; never echoes a secret. */
export function whyNotVerified(error: unknown, secrets: readonly string[]): string {
  const failure = toEngineFailure(error, secrets)
  switch (failure.kind) {
    case 'rejected_token':
      return `The server no longer accepts this sign-in (${failure.message}). Sign in to this account in Fedivault instead.`
    case 'rejected_client':
      return `The server no longer knows the app that issued this sign-in (${failure.message}).`
    case 'unreachable':
      return `The server could not be reached (${failure.message}). Try the import again later.`
    case 'failed': {
      // The engine's own wording (discovery: "not a fediverse server", "http only on loopback"…).
      const own = error instanceof FediverseError ? error.message : ''
      const safe = own && !secrets.some((s) => s && own.includes(s)) ? own : failure.message
      return `The account could not be checked: ${safe}`
    }
  }
}
