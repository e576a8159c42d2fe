/**
 * One account found in another tool's file, before anything asked the server about it. Parsers
 * are pure: they turn file text into candidates and plain-language problems, and a problem never
 * quotes the file (a line of it could be a token).
 */
export interface ImportCandidate {
  /** Where it was found, for the report: "alice@social.example in config.json". */
  origin: string
  /** The names of the files it came from (a Mastodon.py user file and its client file). */
  files: string[]
  /** Without a trailing slash. */
  apiBaseUrl: string
  accessToken: string
  /** The app that issued the token, when the file has it (only it can revoke the token later). */
  app?: { clientId: string; clientSecret: string }
}

export interface ParsedImport {
  candidates: ImportCandidate[]
  /** Entries of a file that could not be read as accounts (a user without a token, …). */
  problems: string[]
  /**
   * Files that are not the tool's format at all, or hold nothing that could be imported: a failed
   * import, never a quiet "0 found". `reason` says what is wrong, without quoting the file.
   */
  unreadable: UnreadableFile[]
}

export interface UnreadableFile {
  file: string
  /** "not JSON at line 1 column 16: this is not toot's config.json" */
  reason: string
}

export interface SourceFile {
  /** The file name as the person knows it (for messages). */
  name: string
  text: string
}

/** An OAuth token, client id or secret: one run of visible ASCII, no spaces. */
export function isCredential(value: unknown): value is string {
  return typeof value === 'string' && /^[\x21-\x7e]{1,4096}$/.test(value)
}

/** `https://host[:port][/path]` without a trailing slash, or undefined when it is not one. */
export function baseUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^https?:\/\//i.test(value.trim())) return undefined
  try {
    const url = new URL(value.trim())
    if (url.username || url.password || url.search || url.hash) return undefined
    return `${url.protocol}//${url.host}${url.pathname}`.replace(/\/+$/, '')
  } catch {
    return undefined
  }
}
