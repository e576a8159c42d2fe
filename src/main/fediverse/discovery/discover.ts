import type { AxiosInstance } from 'axios'
import { FediverseError, type FediverseErrorCode, type Step } from '../errors'
import { defaultClient } from '../http/client'
import { isRecord, readJson, send } from '../http/request'
import { errorFromResponse } from '../http/response-errors'
import { detectMisskey, misskeyInstanceInfo } from '../misskey/detect'
import { parseSignInInput } from '../url'
import {
  authCapabilities,
  displayName,
  passwordGrantSupport,
  readOAuthMetadata,
  type AuthCapabilities,
  type OAuthMetadata,
  type Support
} from './capabilities'
import { resolveHandle } from './handle'
import { isInstanceDoc, readInstanceDocs, type InstanceLimits } from './instance-doc'
import {
  softwareFromNodeinfo,
  softwareFromVersion,
  type InstanceType,
  type SoftwareGuess
} from './software'

/** What the engine knows about a server before anyone signs in. */
export interface InstanceInfo {
  /** What the person typed. */
  input: string
  /** The username part, when a handle was typed. */
  username?: string
  /** The domain of the server's handles (may differ from the API host). */
  domain: string
  /** Origin (plus path, for servers installed under one) of the Mastodon API; no trailing slash. */
  apiBaseUrl: string
  software: InstanceType
  version?: string
  title?: string
  description?: string
  thumbnail?: string
  limits: InstanceLimits
  auth: AuthCapabilities
  /** The client API Fedivault signs in and verifies through (Misskey family: MiAuth and /api/i). */
  api: 'mastodon' | 'misskey'
  discoveredAt: number
}

type Probe =
  { ok: true; value: Record<string, unknown> | undefined } | { ok: false; error: FediverseError }

/**
 * A JSON document that may legitimately be missing: 404, an HTML page (frontends answer unknown
 * paths with one), or junk all mean "not here". Rate limits, timeouts and server errors do not.
 */
async function probeJson(
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
async function probeNodeinfo(
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

const SEVERITY: FediverseErrorCode[] = [
  'rate_limited',
  'timeout',
  'network',
  'insecure_url',
  'server_error',
  'bad_response'
]
const mostTelling = (errors: FediverseError[]): FediverseError =>
  [...errors].sort((a, b) => rank(a) - rank(b))[0]!
const rank = (e: FediverseError): number => {
  const i = SEVERITY.indexOf(e.code)
  return i < 0 ? SEVERITY.length : i
}

interface ProbedServer {
  guess?: SoftwareGuess
  metadata?: OAuthMetadata
  v2?: Record<string, unknown>
  v1?: Record<string, unknown>
  nodeName?: string
}

/**
 * All discovery requests for one API host, started at once: NodeInfo (two in sequence), the
 * v2 and v1 instance documents and the OAuth metadata (one each). Two round trips in all.
 */
export class InstanceProbe {
  /** Read by Misskey-family detection too (misskey/detect.ts). */
  readonly nodeinfo: Promise<Probe>
  private readonly v2: Promise<Probe>
  private readonly v1: Promise<Probe>
  private readonly metadata: Promise<Probe>
  private assembled?: Promise<ProbedServer>

  constructor(
    readonly apiBaseUrl: string,
    client: AxiosInstance,
    signal?: AbortSignal
  ) {
    this.nodeinfo = probeNodeinfo(client, apiBaseUrl, signal)
    this.v2 = probeJson(client, 'instance', `${apiBaseUrl}/api/v2/instance`, signal)
    this.v1 = probeJson(client, 'instance', `${apiBaseUrl}/api/v1/instance`, signal)
    this.metadata = probeJson(
      client,
      'oauth_metadata',
      `${apiBaseUrl}/.well-known/oauth-authorization-server`,
      signal
    )
  }

  /**
   * May a password be sent? Answered as soon as the first round of requests allows: advertised
   * grant types, or a distinctive version string (Pleroma, Takahē, GoToSocial, snac). Only a
   * plain Mastodon-like version without metadata waits for NodeInfo.
   */
  async passwordGrant(): Promise<{ support: Support; reason: string; software?: string }> {
    const [v2, v1, md] = await Promise.all([this.v2, this.v1, this.metadata])
    const doc = [v2, v1]
      .map((p) => (p.ok && isInstanceDoc(p.value) ? p.value : undefined))
      .find(Boolean)
    const metadata = md.ok ? readOAuthMetadata(md.value) : undefined
    const early = doc ? softwareFromVersion(doc.version) : undefined
    if (doc && (metadata?.grantTypes || (early && early.software !== 'mastodon'))) {
      return { ...passwordGrantSupport(early, metadata), software: early?.software }
    }
    const server = await this.server()
    return {
      ...passwordGrantSupport(server.guess, server.metadata),
      software: server.guess?.software
    }
  }

  /** Everything, once all requests are back; throws when there is no Mastodon API here. */
  server(): Promise<ProbedServer> {
    this.assembled ??= this.assemble()
    return this.assembled
  }

  private async assemble(): Promise<ProbedServer> {
    const [ni, v2, v1, md] = await Promise.all([this.nodeinfo, this.v2, this.v1, this.metadata])
    const v2doc = v2.ok && isInstanceDoc(v2.value) ? v2.value : undefined
    const v1doc = v1.ok && isInstanceDoc(v1.value) ? v1.value : undefined
    const nodeGuess = ni.ok ? softwareFromNodeinfo(ni.value) : undefined
    const versionGuess = softwareFromVersion(v2doc?.version ?? v1doc?.version)
    // NodeInfo names the software; the instance document is the fallback (and gives the version
    // where NodeInfo has none).
    const guess = nodeGuess
      ? { ...nodeGuess, version: nodeGuess.version ?? versionGuess?.version }
      : versionGuess
    const host = new URL(this.apiBaseUrl).host
    if (!v2doc && !v1doc) {
      const failures = [ni, v2, v1].flatMap((p) => (p.ok ? [] : [p.error]))
      if (failures.length) throw mostTelling(failures)
      if (guess) {
        throw new FediverseError({
          code: 'unsupported_server',
          step: 'discover',
          message: `${host} runs ${displayName(guess.software)}, which does not offer the Mastodon client API that Fedivault signs in with.`
        })
      }
      throw new FediverseError({
        code: 'not_fediverse',
        step: 'discover',
        message: `${host} does not look like a fediverse server: it offers neither NodeInfo nor the Mastodon client API.`
      })
    }
    const metadataDoc = md.ok ? readOAuthMetadata(md.value) : undefined
    const nodeName = ni.ok
      ? (ni.value?.metadata as { nodeName?: unknown } | undefined)?.nodeName
      : undefined
    return {
      guess,
      metadata: metadataDoc,
      v2: v2doc,
      v1: v1doc,
      nodeName: typeof nodeName === 'string' && nodeName.trim() ? nodeName.trim() : undefined
    }
  }
}

/** One discovery of one input: handle resolution (if any), then the probe of the API host. */
export class Discovery {
  readonly target: Promise<{ apiBaseUrl: string; username?: string; handleDomain?: string }>
  readonly probe: Promise<InstanceProbe>
  private infoPromise?: Promise<InstanceInfo>

  constructor(
    readonly input: string,
    private readonly client: AxiosInstance,
    private readonly clock: () => number,
    signal?: AbortSignal
  ) {
    const parsed = (() => {
      try {
        return parseSignInInput(input)
      } catch (err) {
        return err as FediverseError
      }
    })()
    this.target =
      parsed instanceof Error
        ? Promise.reject(parsed)
        : parsed.kind === 'handle'
          ? resolveHandle(client, parsed.username, parsed.domain, signal).then((r) => ({
              apiBaseUrl: r.apiBaseUrl,
              username: r.username,
              handleDomain: r.domain
            }))
          : Promise.resolve({ apiBaseUrl: parsed.baseUrl })
    this.probe = this.target.then((t) => new InstanceProbe(t.apiBaseUrl, client, signal))
    // Callers may only ever use one of these; the others must not become unhandled rejections.
    this.probe.catch(() => {})
  }

  info(): Promise<InstanceInfo> {
    this.infoPromise ??= this.buildInfo()
    return this.infoPromise
  }

  private async buildInfo(): Promise<InstanceInfo> {
    const target = await this.target
    const probe = await this.probe
    const misskey = await detectMisskey(this.client, probe.apiBaseUrl, probe.nodeinfo)
    if (misskey) return misskeyInstanceInfo(this.input, target, misskey, this.clock())
    const s = await probe.server()
    const facts = readInstanceDocs(s.v2, s.v1, s.guess?.software)
    const info: InstanceInfo = {
      input: this.input,
      domain: target.handleDomain ?? facts.accountDomain ?? new URL(target.apiBaseUrl).host,
      apiBaseUrl: target.apiBaseUrl,
      software: s.guess?.software ?? 'unknown',
      limits: facts.limits,
      auth: authCapabilities(target.apiBaseUrl, s.guess, s.metadata),
      api: 'mastodon',
      discoveredAt: this.clock()
    }
    if (target.username) info.username = target.username
    const version = s.guess?.version ?? facts.version
    if (version) info.version = version
    const title = facts.title ?? s.nodeName
    if (title) info.title = title
    if (facts.description) info.description = facts.description
    if (facts.thumbnail) info.thumbnail = facts.thumbnail
    return info
  }
}

/**
 * Software, version, title, limits and sign-in capabilities of a server, from a domain, URL or
 * handle. All requests to the API host run concurrently (two round trips; three for a handle).
 */
export function discoverInstance(
  input: string,
  o: { client?: AxiosInstance; signal?: AbortSignal; clock?: () => number } = {}
): Promise<InstanceInfo> {
  return new Discovery(input, o.client ?? defaultClient(), o.clock ?? Date.now, o.signal).info()
}
