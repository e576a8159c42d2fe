/**
 * The CLI's exit codes, documented in `fedivault --help` and SCRIPTING.md. Scripts can test
 * 3–5 for "no endpoint to talk to" and 7–9 for "that account cannot be used now".
 * `fedivault exec` exits with the command's own code instead, once the command has started.
 */
export const exitCodes = {
  ok: 0,
  /** Anything unexpected: a malformed answer, an I/O error. */
  failure: 1,
  usage: 2,
  /** No endpoint.json and no running Fedivault. */
  notRunning: 3,
  /** Fedivault runs, but script access is switched off in Settings. */
  scriptAccessOff: 4,
  /** endpoint.json is left over: its process has ended or nothing listens at its URL. */
  staleEndpoint: 5,
  /** The endpoint refused the secret (or is rate limiting after failures). */
  refused: 6,
  unknownAccount: 7,
  noActiveAccount: 8,
  needsReauth: 9,
  /** `fedivault api`: the instance answered with an HTTP error, or could not be reached. */
  apiError: 10,
  /** The script key in FEDIVAULT_KEY does not allow this (its accounts or its mode). */
  keyScope: 11,
  /** `fedivault import`: some accounts found could not be imported (the report says why). */
  importIncomplete: 12,
  /**
   * `fedivault import`: a file could not be read, or is not toot's config.json / a Mastodon.py
   * credential file (the report names it and says what is wrong); nothing was taken from it.
   */
  importUnreadable: 13,
  /** `fedivault exec`: the command could not be found or run (as in POSIX shells). */
  commandNotExecutable: 126,
  commandNotFound: 127
} as const

export class CliError extends Error {
  constructor(
    readonly exitCode: number,
    message: string
  ) {
    super(message)
    this.name = 'CliError'
  }
}
