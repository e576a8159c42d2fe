import type { AxiosInstance } from 'axios'
import type { Step } from '../errors'
import { readJson, send } from '../http/request'
import { misskeyErrorFromResponse } from './errors'

/**
 * One call of the Misskey API: `POST <base>/api/<endpoint>` with a JSON body (`{}` when there is
 * nothing to send: Misskey wants a body) and the token as `Authorization: Bearer`.
 */
export async function misskeyCall(
  client: AxiosInstance,
  call: {
    apiBaseUrl: string
    endpoint: string
    step: Step
    body?: Record<string, unknown>
    token?: string
    /** Only for endpoints that change nothing (meta, i): see RequestSpec.replaySafe. */
    replaySafe?: boolean
    signal?: AbortSignal
  }
): Promise<unknown> {
  const res = await send(client, {
    step: call.step,
    method: 'POST',
    url: `${call.apiBaseUrl}/api/${call.endpoint}`,
    json: call.body ?? {},
    token: call.token,
    replaySafe: call.replaySafe,
    signal: call.signal
  })
  if (res.status < 200 || res.status >= 300) throw misskeyErrorFromResponse(res, call.step)
  return readJson(res, call.step)
}
