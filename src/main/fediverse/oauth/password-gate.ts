import type { AxiosInstance } from 'axios'
import { passwordGrantSupport, readOAuthMetadata } from '../discovery/capabilities'
import { graceWindow, LATE, OPTIONAL_DOCUMENT_GRACE_MS, within } from '../discovery/grace'
import { probeJson } from '../discovery/probe-json'
import { instanceDocOf } from '../discovery/probed-server'
import { softwareFromVersion } from '../discovery/software'
import { FediverseError } from '../errors'

/**
 * Asks the server before a password leaves: RFC 8414 metadata listing grant types without
 * `password` (Mastodon ≥ 4.4) refuses locally, with the reason the app shows next to its password
 * form. The instance document, fetched alongside, names the software for that reason and for the
 * token endpoint's hints. Where the metadata is missing (or late), the password grant is tried as
 * before: only the server can say no then.
 */
export async function checkPasswordGrantAdvertised({
  client,
  base,
  signal,
  graceMs = OPTIONAL_DOCUMENT_GRACE_MS
}: {
  client: AxiosInstance
  /** Normalised instance URL, no trailing slash. */
  base: string
  signal?: AbortSignal
  graceMs?: number
}): Promise<{ software?: string }> {
  const metadata = probeJson(
    client,
    'oauth_metadata',
    `${base}/.well-known/oauth-authorization-server`,
    signal
  )
  const instance = probeJson(client, 'instance', `${base}/api/v1/instance`, signal)
  // Whichever answers first opens the window for the other: neither is worth a long wait.
  const window = graceWindow(Promise.race([metadata, instance]), graceMs)
  const [md, v1] = await Promise.all([within(metadata, window), within(instance, window)])
  const doc = instanceDocOf(v1)
  const guess = doc ? softwareFromVersion(doc.version) : undefined
  const advertised = md !== LATE && md.ok ? readOAuthMetadata(md.value) : undefined
  if (advertised?.grantTypes && !advertised.grantTypes.includes('password')) {
    throw new FediverseError({
      code: 'unsupported_grant',
      step: 'request_token',
      message: `${passwordGrantSupport(guess, advertised).reason} Sign in with the browser instead.`
    })
  }
  return { software: guess?.software }
}
