import { isIP } from 'node:net'
import { FediverseError, type Step } from './errors'

/** 127.0.0.0/8, ::1 and `localhost`: the only hosts plain http is allowed for. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (h === 'localhost' || h.endsWith('.localhost')) return true
  if (isIP(h) === 4) return h.startsWith('127.')
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1'
  return false
}

/**
 * `social.example`, `https://social.example/`, `http://127.0.0.1:3000` → the origin the API lives
 * at, without trailing slash. A bare name gets https, except loopback hosts, which get http
 * (nothing on 127.0.0.1 has a certificate). Plain http elsewhere fails before any request.
 */
export function normalizeInstanceUrl(input: string, step: Step = 'parse_input'): string {
  const trimmed = input.trim()
  if (!trimmed)
    throw new FediverseError({ code: 'invalid_url', step, message: 'Enter a server address.' })
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)
  let url: URL
  try {
    url = new URL(hasScheme ? trimmed : `https://${trimmed}`)
  } catch {
    throw invalid(trimmed, step)
  }
  if (!hasScheme && isLoopbackHost(url.hostname)) url = new URL(`http://${trimmed}`)
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid(trimmed, step)
  if (!url.hostname || url.username || url.password || !/^[^\s/?#]+$/.test(url.host)) {
    throw invalid(trimmed, step)
  }
  if (!url.hostname.includes('.') && !isLoopbackHost(url.hostname) && isIP(url.hostname) === 0) {
    throw invalid(trimmed, step)
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new FediverseError({
      code: 'insecure_url',
      step,
      message: `${url.host} must be reached over https: Fedivault does not send passwords or tokens over plain http.`
    })
  }
  const path = url.pathname.replace(/\/+$/, '')
  return `${url.origin}${path}`
}

function invalid(input: string, step: Step): FediverseError {
  return new FediverseError({
    code: 'invalid_url',
    step,
    message: `"${input}" is not a server address. Enter something like mastodon.social or @you@mastodon.social.`
  })
}

export type SignInInput =
  | { kind: 'handle'; username: string; domain: string; input: string }
  | { kind: 'server'; baseUrl: string; input: string }

/** What a person may type: a domain, a URL, or a handle (`@user@domain`, `user@domain`). */
export function parseSignInInput(raw: string): SignInInput {
  const input = raw.trim()
  const handle = /^@?([^@\s/:]+)@([^@\s/]+)$/.exec(input)
  if (handle) {
    const domain = handle[2]!.toLowerCase()
    normalizeInstanceUrl(domain) // validates the domain part
    return { kind: 'handle', username: handle[1]!, domain, input }
  }
  return { kind: 'server', baseUrl: normalizeInstanceUrl(input), input }
}

/** Base URL for a handle's domain: https, or http for loopback (tests, local servers). */
export function domainBaseUrl(domain: string): string {
  return normalizeInstanceUrl(domain)
}
