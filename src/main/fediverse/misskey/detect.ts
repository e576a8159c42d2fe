import type { AxiosInstance } from 'axios'
import { serverDisplayName, serverLabel } from '@shared/server-names'
import type { AuthCapabilities } from '../discovery/capabilities'
import { DEFAULT_LIMITS, type InstanceLimits } from '../discovery/instance-doc'
import type { Discovery, InstanceInfo } from '../discovery/discover'
import { softwareFromNodeinfo, type SoftwareGuess } from '../discovery/software'
import { FediverseError } from '../errors'
import { isMisskeyFamily } from './family'
import { fetchMisskeyMeta, type MisskeyMeta } from './meta'

/** A Misskey-family server, confirmed by `/api/meta`. */
export interface MisskeyServer {
  guess: SoftwareGuess
  meta: MisskeyMeta
  nodeName?: string
}

/**
 * Is this a Misskey-family server? Only when NodeInfo names one (a name is not enough: `POST
 * /api/meta` must announce MiAuth). Its OAuth metadata and, on Sharkey, its Mastodon API are
 * ignored from here on (PROTOCOL.md §6: Misskey answers the metadata path without being a
 * Mastodon-API server, and Sharkey's Mastodon app registrations are single-use).
 */
export async function detectMisskey(
  client: AxiosInstance,
  apiBaseUrl: string,
  nodeinfoProbe: Promise<{ ok: true; value: Record<string, unknown> | undefined } | { ok: false }>,
  signal?: AbortSignal
): Promise<MisskeyServer | undefined> {
  const probed = await nodeinfoProbe
  const nodeinfo = probed.ok ? probed.value : undefined
  const guess = softwareFromNodeinfo(nodeinfo)
  if (!guess || !isMisskeyFamily(guess.software)) return undefined
  const meta = await fetchMisskeyMeta(client, apiBaseUrl, signal)
  if (!meta.miauth) {
    throw new FediverseError({
      code: 'unsupported_server',
      step: 'discover',
      message: `${new URL(apiBaseUrl).host} runs ${serverLabel(guess.software, guess.version)}, which does not offer MiAuth, the sign-in Fedivault uses for Misskey-family servers (Misskey 12.28 or newer has it).`
    })
  }
  const nodeName = (nodeinfo?.metadata as { nodeName?: unknown } | undefined)?.nodeName
  return {
    guess: { ...guess, version: guess.version ?? meta.version },
    meta,
    ...(typeof nodeName === 'string' && nodeName.trim() ? { nodeName: nodeName.trim() } : {})
  }
}

/** Misskey's note limits: the text length it reports, and the 16 files a note may carry. */
export function misskeyLimits(meta: MisskeyMeta): InstanceLimits {
  return {
    ...DEFAULT_LIMITS,
    maxStatusLen: meta.maxNoteTextLength ?? 3000,
    maxAttachments: 16
  }
}

/** MiAuth only: no password sign-in, no revocation by the app, tokens that never expire. */
export function misskeyAuthCapabilities(apiBaseUrl: string, software: string): AuthCapabilities {
  return {
    metadata: false,
    passwordGrant: 'unsupported',
    passwordGrantReason: `${serverDisplayName(software)} has no password sign-in for apps: you approve Fedivault's permissions on the server's own page in your browser.`,
    pkce: 'unknown',
    revocation: 'unsupported',
    refreshTokens: 'unsupported',
    authorizationEndpoint: `${apiBaseUrl}/miauth`,
    tokenEndpoint: `${apiBaseUrl}/api/miauth`,
    loopbackPortException: false
  }
}

/** The instance summary of a Misskey-family server: software and version, limits, MiAuth only. */
export function misskeyInstanceInfo(
  input: string,
  target: { apiBaseUrl: string; username?: string; handleDomain?: string },
  m: MisskeyServer,
  discoveredAt: number
): InstanceInfo {
  const title = m.meta.name ?? m.nodeName
  return {
    input,
    ...(target.username ? { username: target.username } : {}),
    domain: target.handleDomain ?? new URL(target.apiBaseUrl).host,
    apiBaseUrl: target.apiBaseUrl,
    software: m.guess.software,
    ...(m.guess.version ? { version: m.guess.version } : {}),
    ...(title ? { title } : {}),
    ...(m.meta.description ? { description: m.meta.description } : {}),
    ...(m.meta.iconUrl ? { thumbnail: m.meta.iconUrl } : {}),
    limits: misskeyLimits(m.meta),
    auth: misskeyAuthCapabilities(target.apiBaseUrl, m.guess.software),
    api: 'misskey',
    discoveredAt
  }
}

/**
 * The Misskey family has no password sign-in for apps, and no Mastodon app registration to fall
 * back on (`createApp`): `unsupported_server`, naming MiAuth, the one sign-in it offers apps. Every
 * password path decides this before it trusts anything else the server published (its OAuth
 * metadata is Misskey's own OAuth 2.0, not the Mastodon API's). Undefined for any other server.
 */
export async function misskeyPasswordRefusal(
  discovery: Discovery
): Promise<FediverseError | undefined> {
  const info = await discovery.info().catch(() => undefined)
  if (info?.api !== 'misskey') return undefined
  const server = serverLabel(info.software, info.version)
  return new FediverseError({
    code: 'unsupported_server',
    step: 'request_token',
    message:
      `${new URL(info.apiBaseUrl).host} runs ${server}, a Misskey-family server: it has no ` +
      'password sign-in and no Mastodon client API for apps. It signs apps in through MiAuth, ' +
      "where you approve the app's permissions on the server's own page: use the browser sign-in."
  })
}
