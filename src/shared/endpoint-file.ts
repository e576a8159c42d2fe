/**
 * `endpoint.json` in the data directory: written by the app while script access is on, read by
 * the CLI and by scripts. It holds the secret, hence owner-only permissions.
 */
export const ENDPOINT_FILE_NAME = 'endpoint.json'

export interface EndpointFile {
  /** `http://127.0.0.1:<port>`: loopback only. */
  url: string
  secret: string
  /** The app's process, so a file left behind by a crash can be recognised. */
  pid: number
  version: string
}
