import type { AxiosInstance } from 'axios'
import { FediverseError, type Step } from '../errors'
import { isRecord, readJson, send } from '../http/request'
import { errorFromResponse } from '../http/response-errors'

export type Probe =
  { ok: true; value: Record<string, unknown> | undefined } | { ok: false; error: FediverseError }

/**
 * A JSON document that may legitimately be missing: 404, an HTML page (frontends answer unknown
 * paths with one), or junk all mean "not here". Rate limits, timeouts and server errors do not.
 */
export async function probeJson(
  client: AxiosInstance,
  step: Step,
  url: string,
  signal?: AbortSignal
): Promise<Probe> {
  try {
    const res = await send(client, { step, method: 'GET', url, signal })
    if (res.status === 429 || res.status >= 500)
      return { ok: false, error: errorFromResponse(res, step) }
    if (res.status < 200 || res.status >= 300) return { ok: true, value: undefined }
    try {
      const body = readJson(res, step)
      return { ok: true, value: isRecord(body) ? body : undefined }
    } catch {
      return { ok: true, value: undefined }
    }
  } catch (err) {
    if (err instanceof FediverseError) return { ok: false, error: err }
    throw err
  }
}

const NODEINFO_SCHEMA = /^https?:\/\/nodeinfo\.diaspora\.software\/ns\/schema\/2\.[01]$/

/** `/.well-known/nodeinfo` → the first 2.0/2.1 link → the document (two requests in sequence). */
export async function probeNodeinfo(
  client: AxiosInstance,
  base: string,
  signal?: AbortSignal
): Promise<Probe> {
  const index = await probeJson(client, 'nodeinfo', `${base}/.well-known/nodeinfo`, signal)
  if (!index.ok || !index.value) return index
  const links = Array.isArray(index.value.links) ? index.value.links.filter(isRecord) : []
  const link = links.find(
    (l) => typeof l.rel === 'string' && NODEINFO_SCHEMA.test(l.rel) && typeof l.href === 'string'
  )
  if (!link) return { ok: true, value: undefined }
  const href = new URL(link.href as string, `${base}/.well-known/nodeinfo`).toString()
  return probeJson(client, 'nodeinfo', href, signal)
}
