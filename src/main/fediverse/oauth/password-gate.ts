import type { AxiosInstance } from 'axios'
import { Discovery } from '../discovery/discover'
import { OPTIONAL_DOCUMENT_GRACE_MS } from '../discovery/grace'
import { FediverseError } from '../errors'
import { misskeyPasswordRefusal } from '../signin/password-sign-in'
import { systemClock, type Clock } from '../../clock'

/**
 * Asks the server before a password leaves. The family comes first: a Misskey-family server is
 * refused as such (`unsupported_server`, naming MiAuth), because the OAuth metadata it publishes
 * belongs to its own OAuth 2.0 and says nothing about a Mastodon API. Only on a server whose
 * Mastodon client API answered is RFC 8414 metadata believed: grant types without `password`
 * (Mastodon ≥ 4.4) refuse locally, with the reason the app shows next to its password form.
 * Where the metadata is missing (or late), the password grant is tried as before: only the server
 * can say no then.
 */
export async function checkPasswordGrantAdvertised({
  client,
  base,
  signal,
  graceMs = OPTIONAL_DOCUMENT_GRACE_MS,
  clock = systemClock
}: {
  client: AxiosInstance
  /** Normalised instance URL, no trailing slash. */
  base: string
  signal?: AbortSignal
  graceMs?: number
  clock?: Clock
}): Promise<{ software?: string }> {
  const discovery = new Discovery(base, client, clock, signal, graceMs)
  const refusal = await misskeyPasswordRefusal(discovery)
  if (refusal) throw refusal
  // Past this point the look-up found the Mastodon client API (else it threw, and nothing is sent).
  const info = await discovery.info()
  const grantTypes = info.auth.grantTypes
  if (grantTypes && !grantTypes.includes('password')) {
    throw new FediverseError({
      code: 'unsupported_grant',
      step: 'request_token',
      message: `${info.auth.passwordGrantReason} Sign in with the browser instead.`
    })
  }
  return { software: info.software }
}
