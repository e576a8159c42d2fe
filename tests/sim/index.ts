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
export type { Simulator, StartOptions } from './server'
export type { Personality } from './personalities'
export { startHandleDomain } from './handle-domain'
export { OOB } from './routes'
export { sequentialRoundTrips } from './round-trips'
export { traceInRounds } from './client-trace'
