import type { CredentialCheck } from '../account'
import { FediverseError } from '../errors'
import { defaultClient } from '../http/client'
import { isRecord } from '../http/request'
import { normalizeInstanceUrl } from '../url'
import { misskeyCall } from './api'

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** MFM is plain text with markup of its own: shown as escaped paragraphs, line breaks kept. */
function mfmToHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('')
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined)
const count = (v: unknown): number => (typeof v === 'number' && v >= 0 ? v : 0)

/** `emojis` is a `{ shortcode: url }` map since Misskey 13, an array of `{ name, url }` before. */
function emojisOf(v: unknown): Array<{ shortcode: string; url: string; static_url: string }> {
  const pairs: Array<[string, unknown]> = Array.isArray(v)
    ? v.filter(isRecord).map((e) => [String(e.name ?? ''), e.url])
    : isRecord(v)
      ? Object.entries(v)
      : []
  return pairs
    .filter((p): p is [string, string] => p[0] !== '' && typeof p[1] === 'string')
    .map(([shortcode, url]) => ({ shortcode, url, static_url: url }))
}

/**
 * Misskey's packed user (`/api/i`, MiAuth `check`) in the shape of a Mastodon `Account`, so the
 * vault keeps one profile snapshot for both families. A null `name` shows the username.
 */
export function misskeyUserToAccount(
  user: Record<string, unknown>,
  apiBaseUrl: string
): Record<string, unknown> {
  const username = String(user.username)
  const fields = Array.isArray(user.fields) ? user.fields.filter(isRecord) : []
  return {
    id: String(user.id),
    username,
    acct: username,
    display_name: str(user.name) ?? username,
    url: str(user.url) ?? `${apiBaseUrl}/@${username}`,
    avatar: str(user.avatarUrl),
    header: str(user.bannerUrl),
    note: str(user.description) ? mfmToHtml(String(user.description)) : '',
    fields: fields.map((f) => ({
      name: String(f.name ?? ''),
      value: escapeHtml(String(f.value ?? '')),
      verified_at: null
    })),
    emojis: emojisOf(user.emojis),
    followers_count: count(user.followersCount),
    following_count: count(user.followingCount),
    statuses_count: count(user.notesCount),
    bot: user.isBot === true,
    locked: user.isLocked === true
  }
}

export const isMisskeyUser = (v: unknown): v is Record<string, unknown> =>
  isRecord(v) && typeof v.username === 'string' && v.username !== '' && v.id !== undefined

/**
 * `POST /api/i`: the Misskey counterpart of verify_credentials, the answer that proves a token
 * works. Returns the account in the Mastodon shape (see misskeyUserToAccount).
 */
export async function verifyMisskeyAccount({
  apiBaseUrl,
  accessToken,
  client = defaultClient(),
  signal
}: CredentialCheck): Promise<Record<string, unknown>> {
  const base = normalizeInstanceUrl(apiBaseUrl, 'verify_credentials')
  const user = await misskeyCall(client, {
    apiBaseUrl: base,
    endpoint: 'i',
    step: 'verify_credentials',
    token: accessToken,
    replaySafe: true,
    signal
  })
  if (!isMisskeyUser(user)) {
    throw new FediverseError({
      code: 'bad_response',
      step: 'verify_credentials',
      message: `${new URL(base).host} did not return an account for this sign-in.`
    })
  }
  return misskeyUserToAccount(user, base)
}
