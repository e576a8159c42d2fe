import type { AxiosInstance } from 'axios'
import { FediverseError } from '../errors'
import { isRecord, readJson, send, type HttpResponse } from '../http/request'
import { errorFromResponse } from '../http/response-errors'
import { domainBaseUrl, normalizeInstanceUrl } from '../url'

export interface ResolvedHandle {
  /** Where the Mastodon API lives (the actor's origin). */
  apiBaseUrl: string
  username: string
  /** The handle's own domain, which may serve no API at all (custom domains). */
  domain: string
}

/**
 * `@user@domain` → WebFinger on the handle's domain (falling back to host-meta's LRDD template)
 * → the actor URL, whose origin is the API host. Redirects from the handle domain to the web
 * domain are followed (they carry no credentials).
 */
export async function resolveHandle(
  client: AxiosInstance,
  username: string,
  domain: string,
  signal?: AbortSignal
): Promise<ResolvedHandle> {
  const base = domainBaseUrl(domain)
  const resource = `acct:${username}@${domain}`
  const direct = await fetchJrd(
    client,
    `${base}/.well-known/webfinger?resource=${encodeURIComponent(resource)}`,
    signal
  )
  let jrd = direct
  if (!jrd) {
    const template = await lrddTemplate(client, base, signal)
    if (template)
      jrd = await fetchJrd(client, template.replace('{uri}', encodeURIComponent(resource)), signal)
  }
  const self = jrd && actorUrl(jrd)
  if (!self) {
    throw new FediverseError({
      code: 'not_fediverse',
      step: 'resolve_handle',
      message: `Could not find @${username}@${domain}. Check the handle, or enter the server's address instead.`
    })
  }
  return {
    apiBaseUrl: normalizeInstanceUrl(new URL(self).origin, 'resolve_handle'),
    username,
    domain
  }
}

async function fetchJrd(
  client: AxiosInstance,
  url: string,
  signal?: AbortSignal
): Promise<Record<string, unknown> | undefined> {
  const res = await send(client, { step: 'resolve_handle', method: 'GET', url, signal })
  if (isFatal(res)) throw errorFromResponse(res, 'resolve_handle')
  if (res.status !== 200) return undefined
  try {
    const body = readJson(res, 'resolve_handle')
    return isRecord(body) ? body : undefined
  } catch {
    return undefined
  }
}

async function lrddTemplate(
  client: AxiosInstance,
  base: string,
  signal?: AbortSignal
): Promise<string | undefined> {
  const res = await send(client, {
    step: 'resolve_handle',
    method: 'GET',
    url: `${base}/.well-known/host-meta`,
    signal
  })
  if (isFatal(res)) throw errorFromResponse(res, 'resolve_handle')
  if (res.status !== 200) return undefined
  const link = /<Link\b[^>]*\brel=["']lrdd["'][^>]*>/i.exec(res.body)?.[0]
  const template = link && /\btemplate=["']([^"']+)["']/i.exec(link)?.[1]?.replace(/&amp;/g, '&')
  return template && template.includes('{uri}') && /^https?:\/\//i.test(template)
    ? template
    : undefined
}

const isFatal = (res: HttpResponse): boolean => res.status === 429 || res.status >= 500

function actorUrl(jrd: Record<string, unknown>): string | undefined {
  const links = Array.isArray(jrd.links) ? jrd.links.filter(isRecord) : []
  const self =
    links.find(
      (l) =>
        l.rel === 'self' && typeof l.type === 'string' && /activity\+json|ld\+json/.test(l.type)
    ) ?? links.find((l) => l.rel === 'self')
  const href = self && typeof self.href === 'string' ? self.href : undefined
  return href && URL.canParse(href) ? href : undefined
}
