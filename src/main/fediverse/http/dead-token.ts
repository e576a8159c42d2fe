import { parseJsonObject } from './wire-format'

/**
 * Reads an error answer to a request that carried a bearer token the server should know, and
 * says whether it means "this sign-in is dead". Servers word that in many ways and not always
 * with a 401: Takahē answers 400 with a `text/html` body `Invalid Bearer token`, Pleroma 403
 * `Invalid credentials.`, Misskey `{error:{code:"AUTHENTICATION_FAILED"}}`, and RFC 6750 servers
 * say it in `WWW-Authenticate`. Pure: the answer alone decides.
 */

export type DeadTokenVerdict =
  /** The token is unknown, revoked or expired: the person must sign in again. */
  | 'token_rejected'
  /** The token is fine but the account behind it is suspended or disabled. */
  | 'account_suspended'

export interface ErrorAnswer {
  status: number
  /** Lower-case names. */
  headers: Record<string, string>
  body: string
}

/** Statuses a dead token comes back with; 422 (snac) is handled by its caller, by status alone. */
const TOKEN_STATUSES = new Set([400, 401, 403])
/** A plain-text body longer than this is a page or a stack trace, not a verdict on the token. */
const SHORT_TEXT = 200

const SUSPENDED =
  /\b(suspended|account[_ ]is[_ ]disabled|login is currently disabled|account (?:has been )?disabled|YOUR_ACCOUNT_SUSPENDED)\b/i
const TOKEN_WORD = /\b(?:access[_ ]token|bearer token|token)\b/i
const TOKEN_DEAD =
  /\b(?:invalid|revoked|expired|unknown|bad|not (?:valid|found|supplied|recogni[sz]ed)|no longer valid)\b/i
const AUTH_FAILED =
  /\b(?:AUTHENTICATION_FAILED|invalid_token|invalid credentials|authentication failed)\b/i

export function deadTokenVerdict(res: ErrorAnswer): DeadTokenVerdict | undefined {
  if (!TOKEN_STATUSES.has(res.status)) return undefined
  const challenge = res.headers['www-authenticate'] ?? ''
  const words = serverWords(res.body)
  if (words.some((w) => SUSPENDED.test(w))) return 'account_suspended'
  if (/\berror\s*=\s*"?invalid_token"?/i.test(challenge)) return 'token_rejected'
  const namesDeadToken = (w: string): boolean =>
    AUTH_FAILED.test(w) || (TOKEN_WORD.test(w) && TOKEN_DEAD.test(w))
  return words.some(namesDeadToken) ? 'token_rejected' : undefined
}

/**
 * The strings in an error body that are the server's verdict: `error` and `error_description`
 * (Mastodon, Doorkeeper), `error.code` and `error.message` (Misskey), `message`, or the whole
 * body when it is a short line of text (Takahē's, whatever its Content-Type says).
 */
function serverWords(body: string): string[] {
  const text = body.trim()
  if (!text) return []
  const parsed = parseJsonObject(text)
  if (!parsed) return text.length <= SHORT_TEXT && !text.includes('<') ? [text] : []
  const out: string[] = []
  const add = (v: unknown): void => {
    if (typeof v === 'string' && v.trim()) out.push(v.trim())
  }
  add(parsed.error_description)
  add(parsed.message)
  if (parsed.error && typeof parsed.error === 'object') {
    const e = parsed.error as Record<string, unknown>
    add(e.code)
    add(e.message)
  } else add(parsed.error)
  return out
}
