import type { InstanceInfo } from '../discovery/instance-info'

/**
 * NodeInfo `software.name`s of Misskey and its forks (PROTOCOL.md §6). A name here only makes
 * Fedivault ask `POST /api/meta`; `features.miauth` there decides.
 */
const MISSKEY_FAMILY = new Set([
  'misskey',
  'sharkey',
  'cherrypick',
  'firefish',
  'iceshrimp',
  'foundkey',
  'calckey',
  'meisskey'
])

export const isMisskeyFamily = (software: string | undefined): boolean =>
  software !== undefined && MISSKEY_FAMILY.has(software.toLowerCase())

/** Which client API an account is used through: decides sign-in, verification and removal. */
export type ApiFamily = InstanceInfo['api']
