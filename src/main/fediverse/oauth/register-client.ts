import type { AxiosInstance } from 'axios'
import { FediverseError } from '../errors'
import { defaultClient } from '../http/client'
import { isRecord, requestJson } from '../http/request'
import { normalizeInstanceUrl } from '../url'

/** Mastodon's out-of-band redirect URI: the server shows the code for the person to paste. */
export const OOB_REDIRECT_URI = 'urn:ietf:wg:oauth:2.0:oob'
export const DEFAULT_SCOPES: readonly string[] = ['read', 'write', 'follow', 'push']
export const DEFAULT_CLIENT_NAME = 'Fedivault'

export interface AppRegistration {
  clientId: string
  clientSecret: string
  redirectUris: string[]
  scopes: string[]
}

/**
 * `POST /api/v1/apps`, form-encoded with `redirect_uris` as one newline-separated string: the one
 * encoding every server accepts (GoToSocial rejects a JSON array, snac a JSON body).
 */
export async function registerClient(request: {
  apiBaseUrl: string
  client?: AxiosInstance
  clientName?: string
  website?: string
  scopes?: readonly string[]
  redirectUris?: readonly string[]
  signal?: AbortSignal
}): Promise<AppRegistration> {
  const base = normalizeInstanceUrl(request.apiBaseUrl, 'register_app')
  const redirectUris = [
    ...(request.redirectUris?.length ? request.redirectUris : [OOB_REDIRECT_URI])
  ]
  const scopes = [...(request.scopes?.length ? request.scopes : DEFAULT_SCOPES)]
  const body = await requestJson(request.client ?? defaultClient(), {
    step: 'register_app',
    method: 'POST',
    url: `${base}/api/v1/apps`,
    form: {
      client_name: request.clientName ?? DEFAULT_CLIENT_NAME,
      redirect_uris: redirectUris.join('\n'),
      scopes: scopes.join(' '),
      website: request.website
    },
    // A replay after a reset connection can at worst leave one unused registration behind.
    replaySafe: true,
    signal: request.signal
  })
  if (
    !isRecord(body) ||
    typeof body.client_id !== 'string' ||
    typeof body.client_secret !== 'string' ||
    !body.client_id
  ) {
    throw new FediverseError({
      code: 'bad_response',
      step: 'register_app',
      message: `${new URL(base).host} registered the app but sent no client credentials.`
    })
  }
  return { clientId: body.client_id, clientSecret: body.client_secret, redirectUris, scopes }
}
