import { defaultFailedAuthLimits, type FailedAuthLimits } from './rate-limiter'

export interface EndpointLimits {
  /** Request line plus headers; larger requests get 431. */
  maxHeaderBytes: number
  /** Proxied request bodies (media uploads are the large case; Mastodon allows ~99 MB video). */
  maxRequestBodyBytes: number
  /** Proxied response bodies. */
  maxResponseBodyBytes: number
  /** Time for a client to send its headers; slow-loris connections are cut after this. */
  headersTimeoutMs: number
  /**
   * Time for a client to send its body once the headers are in (a body trickled byte by byte is
   * cut after this); time the proxy holds an upload back for a slow instance does not count.
   */
  bodyTimeoutMs: number
  keepAliveTimeoutMs: number
  /** Silence from the instance (no connection, no bytes) before a proxied call is given up. */
  upstreamIdleTimeoutMs: number
  maxConnections: number
  failedAuth: FailedAuthLimits
}

export const defaultEndpointLimits: EndpointLimits = {
  maxHeaderBytes: 8 * 1024,
  maxRequestBodyBytes: 100 * 1024 * 1024,
  maxResponseBodyBytes: 200 * 1024 * 1024,
  headersTimeoutMs: 5_000,
  bodyTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  upstreamIdleTimeoutMs: 30_000,
  maxConnections: 128,
  failedAuth: defaultFailedAuthLimits
}
