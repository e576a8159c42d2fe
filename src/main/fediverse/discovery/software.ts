/** Server software as NodeInfo names it, lowercased; unknown names pass through as they are. */
export type InstanceType =
  | 'mastodon'
  | 'pleroma'
  | 'akkoma'
  | 'takahe'
  | 'gotosocial'
  | 'friendica'
  | 'pixelfed'
  | 'hollo'
  | 'snac'
  | 'misskey'
  | 'firefish'
  | 'iceshrimp'
  | 'sharkey'
  | 'unknown'
  | (string & {})

export interface SoftwareGuess {
  software: InstanceType
  version?: string
  /** NodeInfo `metadata.upstream.name` of forks (fedibird, kmyblue declare `mastodon`). */
  upstream?: string
}

/** Reads `software.name`/`version` from a NodeInfo 2.x document; tolerant of odd shapes. */
export function softwareFromNodeinfo(doc: unknown): SoftwareGuess | undefined {
  if (!doc || typeof doc !== 'object') return undefined
  const d = doc as { software?: { name?: unknown; version?: unknown }; metadata?: unknown }
  const name = typeof d.software?.name === 'string' ? d.software.name.trim().toLowerCase() : ''
  if (!name) return undefined
  const guess: SoftwareGuess = { software: name }
  if (typeof d.software?.version === 'string' && d.software.version.trim())
    guess.version = d.software.version.trim()
  // `metadata` is an array on some Mastodon forks (fixture mastodon-4.0.0rc2-fork).
  const upstream = (d.metadata as { upstream?: { name?: unknown } } | undefined)?.upstream?.name
  if (!Array.isArray(d.metadata) && typeof upstream === 'string')
    guess.upstream = upstream.toLowerCase()
  return guess
}

/**
 * The fallback when NodeInfo is missing: `version` patterns of /api/v1/instance (PROTOCOL.md §3.2).
 * Brittle by nature, which is why NodeInfo comes first.
 */
export function softwareFromVersion(version: unknown): SoftwareGuess | undefined {
  if (typeof version !== 'string' || !version.trim()) return undefined
  const v = version.trim()
  const compatible = /\(compatible;\s*([A-Za-z][\w-]*)\s+([^)\s]+)\)/.exec(v)
  if (compatible) return { software: compatible[1]!.toLowerCase(), version: compatible[2]! }
  const really = /really\s+([A-Za-z][\w-]*)\/([\w.+-]+)/.exec(v)
  if (really) return { software: really[1]!.toLowerCase(), version: really[2]! }
  const slash = /^([A-Za-z][\w-]*)\/([\w.+-]+)$/.exec(v)
  if (slash) return { software: slash[1]!.toLowerCase(), version: slash[2]! }
  // GoToSocial: `v0.19.2`, or `3.5.3+0.19.2` with instance-inject-mastodon-version.
  const gtsInjected = /^\d+\.\d+\.\d+\+v?(0\.\d+\.\d+\S*)$/.exec(v)
  if (gtsInjected) return { software: 'gotosocial', version: gtsInjected[1]! }
  if (/^v0\.\d+\.\d+/.test(v)) return { software: 'gotosocial', version: v }
  if (/^\d+\.\d+\.\d+/.test(v)) return { software: 'mastodon', version: v.split(/[\s+]/)[0]! }
  return undefined
}

const MASTODON_FAMILY = new Set([
  'mastodon',
  'hometown',
  'glitch',
  'glitch-soc',
  'fedibird',
  'kmyblue'
])

/** Mastodon and its forks run Doorkeeper, which honours the RFC 8252 loopback port exception. */
export function isMastodonFamily(g: Pick<SoftwareGuess, 'software' | 'upstream'>): boolean {
  return MASTODON_FAMILY.has(g.software) || g.upstream === 'mastodon'
}

/** `v0.19.2`, `4.3.0-beta.1`, `2.2.50-develop` → [major, minor, patch]; undefined when unparseable. */
export function parseVersion(version: string | undefined): [number, number, number] | undefined {
  const m = version ? /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim()) : null
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined
}

export function versionAtLeast(
  version: string | undefined,
  min: [number, number, number]
): boolean | undefined {
  const v = parseVersion(version)
  if (!v) return undefined
  for (let i = 0; i < 3; i++) if (v[i] !== min[i]) return v[i]! > min[i]!
  return true
}
