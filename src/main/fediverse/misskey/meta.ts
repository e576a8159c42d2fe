import type { AxiosInstance } from 'axios'
import { FediverseError } from '../errors'
import { isRecord } from '../http/request'
import { misskeyCall } from './api'

/** What `POST /api/meta` says that Fedivault uses. */
export interface MisskeyMeta {
  version?: string
  /** The server's own name (`name`, null until the admin sets one). */
  name?: string
  description?: string
  iconUrl?: string
  maxNoteTextLength?: number
  /** `features.miauth`: present from Misskey 12.28.0 (Misskey.py issue #72). */
  miauth: boolean
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() ? v.trim() : undefined

export function readMisskeyMeta(doc: unknown): MisskeyMeta | undefined {
  if (!isRecord(doc)) return undefined
  const features = isRecord(doc.features) ? doc.features : {}
  const max = doc.maxNoteTextLength
  return {
    version: text(doc.version),
    name: text(doc.name),
    description: text(doc.description),
    iconUrl: text(doc.iconUrl),
    maxNoteTextLength: typeof max === 'number' && max > 0 ? max : undefined,
    miauth: features.miauth === true
  }
}

/** `POST /api/meta {}`: confirms a server NodeInfo calls Misskey-family and reads its limits. */
export async function fetchMisskeyMeta(
  client: AxiosInstance,
  apiBaseUrl: string,
  signal?: AbortSignal
): Promise<MisskeyMeta> {
  const body = await misskeyCall(client, {
    apiBaseUrl,
    endpoint: 'meta',
    step: 'discover',
    replaySafe: true,
    signal
  })
  const meta = readMisskeyMeta(body)
  if (!meta) {
    throw new FediverseError({
      code: 'bad_response',
      step: 'discover',
      message: `${new URL(apiBaseUrl).host} did not describe itself at /api/meta.`
    })
  }
  return meta
}
