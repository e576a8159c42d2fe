import type { AxiosInstance } from 'axios'
import { FediverseError } from './errors'
import { defaultClient } from './http/client'
import { isRecord, requestJson } from './http/request'
import { normalizeInstanceUrl } from './url'

/** Which token to check, where. */
export interface CredentialCheck {
  apiBaseUrl: string
  accessToken: string
  client?: AxiosInstance
  signal?: AbortSignal
}

/**
 * `GET /api/v1/accounts/verify_credentials`: the only answer that proves a token works (snac
 * hands out tokens for anything). Returns the account JSON as the server sent it.
 */
export async function verifyCredentials({
  apiBaseUrl,
  accessToken,
  client = defaultClient(),
  signal
}: CredentialCheck): Promise<Record<string, unknown>> {
  const base = normalizeInstanceUrl(apiBaseUrl, 'verify_credentials')
  const body = await requestJson(
    client,
    {
      step: 'verify_credentials',
      method: 'GET',
      url: `${base}/api/v1/accounts/verify_credentials`,
      token: accessToken,
      signal
    },
    { authenticated: true }
  )
  if (
    !isRecord(body) ||
    typeof body.username !== 'string' ||
    !body.username ||
    body.id === undefined
  ) {
    throw new FediverseError({
      code: 'bad_response',
      step: 'verify_credentials',
      message: `${new URL(base).host} did not return an account for this sign-in.`
    })
  }
  return body
}
