import { FediverseError, type FediverseErrorCode } from '../errors'
import { serverDisplayName } from '@shared/server-names'
import { readOAuthMetadata, type OAuthMetadata } from './capabilities'
import { LATE, type Late } from './grace'
import { isInstanceDoc } from './instance-doc'
import type { Probe } from './probe-json'
import { softwareFromNodeinfo, softwareFromVersion, type SoftwareGuess } from './software'

/** What the discovery requests to one API host told, put together. */
export interface ProbedServer {
  guess?: SoftwareGuess
  metadata?: OAuthMetadata
  v2?: Record<string, unknown>
  v1?: Record<string, unknown>
  nodeName?: string
  /** Some answer was not in yet: a later look may know more. */
  partial: boolean
}

/** Each request's answer, or `LATE` when it was not back in time. */
export interface ProbeAnswers {
  nodeinfo: Probe | Late
  v2: Probe | Late
  v1: Probe | Late
  metadata: Probe | Late
}

const SEVERITY: FediverseErrorCode[] = [
  'rate_limited',
  'timeout',
  'network',
  'insecure_url',
  'server_error',
  'bad_response'
]
const rank = (e: FediverseError): number => {
  const i = SEVERITY.indexOf(e.code)
  return i < 0 ? SEVERITY.length : i
}
const mostTelling = (errors: FediverseError[]): FediverseError =>
  [...errors].sort((a, b) => rank(a) - rank(b))[0]!

const arrived = (p: Probe | Late): Record<string, unknown> | undefined =>
  p !== LATE && p.ok ? p.value : undefined
export const instanceDocOf = (p: Probe | Late): Record<string, unknown> | undefined => {
  const doc = arrived(p)
  return isInstanceDoc(doc) ? doc : undefined
}

/**
 * The server as far as the answers go; throws when there is no Mastodon API here. NodeInfo names
 * the software; the instance document's `version` is the fallback (and gives the version where
 * NodeInfo has none), so a NodeInfo that never came still yields the right software.
 */
export function assembleServer(host: string, a: ProbeAnswers): ProbedServer {
  const v2doc = instanceDocOf(a.v2)
  const v1doc = instanceDocOf(a.v1)
  const nodeinfo = arrived(a.nodeinfo)
  const nodeGuess = softwareFromNodeinfo(nodeinfo)
  const versionGuess = softwareFromVersion(v2doc?.version ?? v1doc?.version)
  const guess = nodeGuess
    ? { ...nodeGuess, version: nodeGuess.version ?? versionGuess?.version }
    : versionGuess
  if (!v2doc && !v1doc) {
    const answered: Array<Probe | Late> = [a.nodeinfo, a.v2, a.v1]
    const failures = answered.flatMap((p) => (p !== LATE && !p.ok ? [p.error] : []))
    if (failures.length) throw mostTelling(failures)
    if (guess) {
      throw new FediverseError({
        code: 'unsupported_server',
        step: 'discover',
        message: `${host} runs ${serverDisplayName(guess.software)}, which does not offer the Mastodon client API that Fedivault signs in with.`
      })
    }
    throw new FediverseError({
      code: 'not_fediverse',
      step: 'discover',
      message:
        a.nodeinfo === LATE
          ? `${host} does not offer the Mastodon client API that Fedivault signs in with.`
          : `${host} does not look like a fediverse server: it offers neither NodeInfo nor the Mastodon client API.`
    })
  }
  const nodeName = (nodeinfo?.metadata as { nodeName?: unknown } | undefined)?.nodeName
  return {
    guess,
    metadata: readOAuthMetadata(arrived(a.metadata)),
    v2: v2doc,
    v1: v1doc,
    nodeName: typeof nodeName === 'string' && nodeName.trim() ? nodeName.trim() : undefined,
    partial: Object.values(a).includes(LATE)
  }
}
