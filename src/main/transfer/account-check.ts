import type { InstanceInfo } from '../fediverse'
import { EngineFailure } from '../vault'

/** A token the server accepted, with what the vault needs to store it like a sign-in. */
export interface CheckedAccount {
  apiBaseUrl: string
  /** `username@<handle domain>`, the way a sign-in names it. */
  handle: string
  account: Record<string, unknown>
  instance: InstanceInfo
}

/**
 * Asks the server who a token belongs to (verify_credentials), and what the server is. Rejects
 * with an `EngineFailure` saying why the token could not be verified.
 */
export interface AccountChecker {
  check(apiBaseUrl: string, accessToken: string): Promise<CheckedAccount>
}

/** Why a token could not be verified, in words for the report; never echoes a secret. */
export function whyNotVerified(error: unknown, secrets: readonly string[]): string {
  const failure =
    error instanceof EngineFailure ? error : new EngineFailure('failed', 'unexpected error')
  const message = secrets.some((s) => s && failure.message.includes(s))
    ? 'the answer repeated a secret'
    : failure.message
  switch (failure.kind) {
    case 'rejected_token':
      return `The server no longer accepts this sign-in (${message}). Sign in to this account in Fedivault instead.`
    case 'rejected_client':
      return `The server no longer knows the app that issued this sign-in (${message}).`
    case 'unreachable':
      return `The server could not be reached (${message}). Try the import again later.`
    case 'failed':
      return `The account could not be checked: ${message}`
  }
}
