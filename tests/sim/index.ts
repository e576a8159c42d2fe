/**
 * The fediverse simulator: real HTTP servers on 127.0.0.1 (random ports) that behave like
 * Mastodon 4.3 / 4.6, Pleroma, Akkoma, GoToSocial, Takahē, snac, Misskey, Sharkey and Hollo, plus
 * hostile servers. Modelled on ../shared/docs/PROTOCOL.md and the response bodies in ./fixtures.
 *
 *   const sim = await startSimulator({ personality: 'gotosocial' })
 *   const { location } = await sim.approve(authorizationUrl, { username: 'alice', password: 'correct horse' })
 *   await sim.close()
 */
export { startSimulator } from './server'
export type { ForeignRequest, SimLogEntry, SimStats, Simulator, StartOptions } from './server'
export type { Personality } from './personalities'
export { misskeyUser } from './misskey'
export type { MiAuthCheck, MiAuthSession, MisskeyState } from './misskey'
export { DEFAULT_USERS, PNG } from './documents'
export type { SimUser } from './documents'
export { startHandleDomain } from './handle-domain'
export type { HandleDomain } from './handle-domain'
export { HUGE_BODY_BYTES } from './hostile'
export { OOB } from './routes'
export type { SilentPort } from './silent-port'
export { sequentialRoundTrips } from './round-trips'
export { traceInRounds } from './client-trace'
export type { ClientTrace } from './client-trace'

import type { Personality } from './personalities'
export const ALL_PERSONALITIES: readonly Personality[] = [
  'mastodon-4.3',
  'mastodon-4.6',
  'pleroma',
  'akkoma',
  'gotosocial',
  'takahe',
  'takahe-hanging-nodeinfo',
  'snac',
  'misskey',
  'sharkey',
  'hollo',
  'html-site',
  'rate-limited',
  'black-hole',
  'huge-body',
  'broken-json',
  'cross-origin-redirect'
]
