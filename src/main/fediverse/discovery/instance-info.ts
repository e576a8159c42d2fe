import type { ApiFamily } from '@shared/domain/api-family'
import type { AuthCapabilities } from './capabilities'
import type { InstanceLimits } from './instance-doc'
import type { InstanceType } from './software'

/**
 * The shapes discovery produces, in a file of their own below everything that builds them
 * (discover.ts, the Misskey family's detect.ts) and everything that reads them.
 */

/** Where an input leads: the API host, and the handle's parts when a handle was typed. */
export interface DiscoveryTarget {
  apiBaseUrl: string
  username?: string
  handleDomain?: string
}

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
  api: ApiFamily
  discoveredAt: number
}
