import type { AxiosInstance } from 'axios'
import type { FediverseError } from '../errors'
import { defaultClient } from '../http/client'
import { detectMisskey, misskeyInstanceInfo } from '../misskey/detect'
import { parseSignInInput } from '../url'
import {
  authCapabilities,
  passwordGrantSupport,
  readOAuthMetadata,
  type Support
} from './capabilities'
import { graceWindow, LATE, OPTIONAL_DOCUMENT_GRACE_MS, within, type Late } from './grace'
import { resolveHandle } from './handle'
import { readInstanceDocs } from './instance-doc'
import { probeJson, probeNodeinfo, type Probe } from './probe-json'
import { assembleServer, instanceDocOf, type ProbedServer } from './probed-server'
import { softwareFromVersion } from './software'
import type { DiscoveryTarget, InstanceInfo } from './instance-info'
import { systemClock, type Clock } from '../../clock'

/**
 * All discovery requests for one API host, started at once: NodeInfo (two in sequence), the
 * v2 and v1 instance documents and the OAuth metadata (one each). Two round trips in all. The
 * instance documents are required; once one has answered, the others get a grace period and are
 * not waited for after it.
 */
export class InstanceProbe {
  /** Read by Misskey-family detection too (misskey/detect.ts). */
  readonly nodeinfo: Promise<Probe>
  private readonly v2: Promise<Probe>
  private readonly v1: Promise<Probe>
  private readonly metadata: Promise<Probe>
  /** Whether an instance document arrived, once one did or both requests came back without. */
  private readonly docArrived: Promise<boolean>
  /** Closes one grace period after that. */
  private readonly window: Promise<void>
  private assembled?: Promise<ProbedServer>
  private completed?: Promise<ProbedServer>

  constructor(
    readonly apiBaseUrl: string,
    client: AxiosInstance,
    signal?: AbortSignal,
    graceMs: number = OPTIONAL_DOCUMENT_GRACE_MS
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
    this.docArrived = firstInstanceDoc(this.v2, this.v1)
    this.window = graceWindow(this.docArrived, graceMs)
  }

  /**
   * May a password be sent? Answered as soon as the first round of requests allows: advertised
   * grant types, or a distinctive version string (Pleroma, Takahē, GoToSocial, snac). Only a
   * plain Mastodon-like version without metadata looks at NodeInfo, within the grace period.
   */
  async passwordGrant(): Promise<{ support: Support; reason: string; software?: string }> {
    const [v2, v1, md] = await Promise.all(
      [this.v2, this.v1, this.metadata].map((p) => within(p, this.window))
    )
    const doc = instanceDocOf(v2!) ?? instanceDocOf(v1!)
    const metadata = md !== LATE && md!.ok ? readOAuthMetadata(md!.value) : undefined
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

  /**
   * NodeInfo, within the grace period when an instance document answered. Without one, NodeInfo
   * is all there is to go by (a Misskey, or a server to name in the error), and is waited for.
   */
  async nodeinfoInTime(): Promise<Probe> {
    const answer = await this.nodeinfoAnswer()
    return answer === LATE ? { ok: true, value: undefined } : answer
  }

  private async nodeinfoAnswer(): Promise<Probe | Late> {
    const answer = await within(this.nodeinfo, this.window)
    return answer === LATE && !(await this.docArrived) ? this.nodeinfo : answer
  }

  /** What arrived within the grace period; throws when there is no Mastodon API here. */
  server(): Promise<ProbedServer> {
    this.assembled ??= this.answers((p) =>
      p === this.nodeinfo ? this.nodeinfoAnswer() : within(p, this.window)
    )
    return this.assembled
  }

  /** Everything, late answers included: refines a quick answer in the background. */
  complete(): Promise<ProbedServer> {
    this.completed ??= this.answers((p) => p)
    return this.completed
  }

  private async answers(wait: (p: Promise<Probe>) => Promise<Probe | Late>): Promise<ProbedServer> {
    const [nodeinfo, v2, v1, metadata] = await Promise.all(
      [this.nodeinfo, this.v2, this.v1, this.metadata].map(wait)
    )
    return assembleServer(new URL(this.apiBaseUrl).host, {
      nodeinfo: nodeinfo!,
      v2: v2!,
      v1: v1!,
      metadata: metadata!
    })
  }
}

/** `true` once either instance document is in; `false` when both came back without one. */
function firstInstanceDoc(v2: Promise<Probe>, v1: Promise<Probe>): Promise<boolean> {
  return new Promise((resolve) => {
    for (const p of [v2, v1])
      p.then(
        (r) => instanceDocOf(r) && resolve(true),
        () => {}
      )
    void Promise.allSettled([v2, v1]).then(() => resolve(false))
  })
}

/** One discovery of one input: handle resolution (if any), then the probe of the API host. */
export class Discovery {
  readonly target: Promise<DiscoveryTarget>
  readonly probe: Promise<InstanceProbe>
  private infoPromise?: Promise<InstanceInfo>
  private settled?: InstanceInfo

  constructor(
    readonly input: string,
    private readonly client: AxiosInstance,
    private readonly clock: Clock,
    signal?: AbortSignal,
    /** How long optional documents may lag behind the instance document. */
    graceMs: number = OPTIONAL_DOCUMENT_GRACE_MS
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
    this.probe = this.target.then((t) => new InstanceProbe(t.apiBaseUrl, client, signal, graceMs))
    // Callers may only ever use one of these; the others must not become unhandled rejections.
    this.probe.catch(() => {})
  }

  info(): Promise<InstanceInfo> {
    this.infoPromise ??= this.buildInfo().then((info) => (this.settled = info))
    return this.infoPromise
  }

  /** The summary, if a look-up already produced it; never starts one. */
  get known(): InstanceInfo | undefined {
    return this.settled
  }

  private async buildInfo(): Promise<InstanceInfo> {
    const target = await this.target
    const probe = await this.probe
    const misskey = await detectMisskey(this.client, probe.apiBaseUrl, probe.nodeinfoInTime())
    if (misskey) return misskeyInstanceInfo(this.input, target, misskey, this.clock.now())
    const quick = await probe.server()
    if (quick.partial) {
      // What came late may say more (NodeInfo names forks the version string hides): later
      // calls get the fuller answer; nobody waits for it.
      probe.complete().then(
        (full) => {
          this.settled = this.toInfo(target, full)
          this.infoPromise = Promise.resolve(this.settled)
        },
        () => {}
      )
    }
    return this.toInfo(target, quick)
  }

  private toInfo(
    target: { apiBaseUrl: string; username?: string; handleDomain?: string },
    server: ProbedServer
  ): InstanceInfo {
    const facts = readInstanceDocs(server.v2, server.v1, server.guess?.software)
    const info: InstanceInfo = {
      input: this.input,
      domain: target.handleDomain ?? facts.accountDomain ?? new URL(target.apiBaseUrl).host,
      apiBaseUrl: target.apiBaseUrl,
      software: server.guess?.software ?? 'unknown',
      limits: facts.limits,
      auth: authCapabilities(target.apiBaseUrl, server.guess, server.metadata),
      api: 'mastodon',
      discoveredAt: this.clock.now()
    }
    if (target.username) info.username = target.username
    const version = server.guess?.version ?? facts.version
    if (version) info.version = version
    const title = facts.title ?? server.nodeName
    if (title) info.title = title
    if (facts.description) info.description = facts.description
    if (facts.thumbnail) info.thumbnail = facts.thumbnail
    return info
  }
}

/**
 * Software, version, title, limits and sign-in capabilities of a server, from a domain, URL or
 * handle. All requests to the API host run concurrently (two round trips; three for a handle);
 * NodeInfo and the OAuth metadata are waited for at most `graceMs` after the instance document.
 */
export function discoverInstance(
  input: string,
  {
    client = defaultClient(),
    signal,
    clock = systemClock,
    graceMs
  }: { client?: AxiosInstance; signal?: AbortSignal; clock?: Clock; graceMs?: number } = {}
): Promise<InstanceInfo> {
  return new Discovery(input, client, clock, signal, graceMs).info()
}
