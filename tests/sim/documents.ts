import { readFileSync } from 'node:fs'
import type { Personality, Profile } from './personalities'

/** A person with an account on a simulated server. */
export interface SimUser {
  username: string
  email: string
  password: string
  displayName?: string
  note?: string
  /** Two-factor authentication: Mastodon refuses the password grant, Pleroma answers with an MFA challenge. */
  otp?: boolean
  bot?: boolean
  locked?: boolean
}

export const DEFAULT_USERS: readonly SimUser[] = [
  {
    username: 'alice',
    email: 'alice@example.test',
    password: 'correct horse',
    displayName: 'Alice :blobcat:',
    note: '<p>Hi, I am Alice.</p><script>alert("xss")</script><p><a href="https://example.test/">my site</a></p>'
  },
  {
    username: 'bob',
    email: 'bob@example.test',
    password: 'battery staple',
    displayName: 'Bob the Builder',
    note: '<p>Bob here.</p>',
    bot: true
  }
]

/** A 1×1 PNG: avatars, headers and the custom emoji are real images a browser can render. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64'
)

/** Loads a fixture captured from a real server and points its URLs at the simulator. */
export function fixture(name: string, origin: string, host: string): Record<string, unknown> {
  const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')
  const rewritten = text
    .replace(
      /https?:\/\/(localhost:3000|127\.0\.0\.1:(?:8080|8001|3000|3001|3002)|soc\.hyena\.network)/g,
      origin
    )
    .replace(
      /wss?:\/\/(localhost:4000|127\.0\.0\.1:8080|127\.0\.0\.1:8001)/g,
      origin.replace(/^http/, 'ws')
    )
    .replace(/localhost:3000|127\.0\.0\.1:(?:8080|8001|3000|3001|3002)|soc\.hyena\.network/g, host)
  return JSON.parse(rewritten) as Record<string, unknown>
}

export function nodeinfoDocument(
  p: Profile,
  schema: '2.0' | '2.1',
  origin: string,
  host: string
): Record<string, unknown> {
  const doc = p.fixtures?.nodeinfo
    ? fixture(p.fixtures.nodeinfo, origin, host)
    : {
        version: schema,
        software: { name: p.software, version: p.nodeinfoVersion },
        protocols: ['activitypub'],
        services: { inbound: [], outbound: [] },
        openRegistrations: false,
        usage: { users: { total: 2 } },
        metadata: p.software === 'misskey' ? { nodeName: 'Misskey sim' } : {}
      }
  return { ...doc, version: schema }
}

export function instanceDocument(
  personality: Personality,
  p: Profile,
  api: 'v1' | 'v2',
  origin: string,
  host: string,
  accountDomain: string
): Record<string, unknown> | undefined {
  const file = api === 'v1' ? p.fixtures?.v1 : p.fixtures?.v2
  if (file) {
    const doc = fixture(file, origin, host)
    if (api === 'v1') doc.uri = accountDomain
    else doc.domain = accountDomain
    if (personality === 'gotosocial') doc.account_domain = accountDomain
    return doc
  }
  if (
    api === 'v2' &&
    (p.software === 'pleroma' ||
      p.software === 'akkoma' ||
      p.software === 'snac' ||
      p.software === 'sharkey')
  )
    return undefined
  if (!p.mastodonApi) return undefined
  // Servers with no captured body: the shape of minimal-activitypub's reading of /api/v1/instance.
  const base = {
    title: `${p.software} sim`,
    version: p.instanceVersion,
    description: `A simulated ${p.software} server`,
    configuration: {
      statuses: {
        max_characters: p.software === 'pleroma' || p.software === 'akkoma' ? 5000 : 500,
        max_media_attachments: 4
      },
      media_attachments: {
        image_size_limit: 16_000_000,
        supported_mime_types: ['image/png', 'image/jpeg']
      }
    }
  }
  if (api === 'v1') {
    // Pleroma reports its own `uri` as a full URL (toot#347).
    const uri = p.software === 'pleroma' || p.software === 'akkoma' ? `${origin}` : accountDomain
    return {
      ...base,
      uri,
      thumbnail: `${origin}/instance/thumbnail.png`,
      max_toot_chars: base.configuration.statuses.max_characters
    }
  }
  return { ...base, domain: accountDomain, thumbnail: { url: `${origin}/instance/thumbnail.png` } }
}

/** The CredentialAccount a server returns for its own user (Mastodon shape; snac's is thinner). */
export function credentialAccount(
  u: SimUser,
  index: number,
  personality: Personality,
  origin: string
): Record<string, unknown> {
  const emojis = [
    {
      shortcode: 'blobcat',
      url: `${origin}/emoji/blobcat.png`,
      static_url: `${origin}/emoji/blobcat.png`,
      visible_in_picker: true
    }
  ]
  const fields = [
    {
      name: 'Website',
      value: '<a href="https://example.test/" rel="me">example.test</a>',
      verified_at: null
    },
    { name: 'Pronouns', value: 'they/them', verified_at: null }
  ]
  const note = u.note ?? ''
  const account: Record<string, unknown> = {
    id:
      personality === 'snac'
        ? `f8f1019d6ccd4955556f5df3db10${String(4117 + index)}`
        : personality === 'hollo'
          ? `5a1f379e-0c4d-4146-b7a0-${(0x278899bd7c0a + index).toString(16)}`
          : String(110_000_000_000 + index),
    username: u.username,
    acct: u.username,
    display_name: u.displayName ?? u.username,
    locked: u.locked ?? false,
    bot: u.bot ?? false,
    group: false,
    created_at: '2026-01-01T00:00:00.000Z',
    note,
    url: `${origin}/@${u.username}`,
    uri: `${origin}/users/${u.username}`,
    avatar: `${origin}/avatars/${u.username}.png`,
    avatar_static: `${origin}/avatars/${u.username}.png`,
    header: `${origin}/headers/${u.username}.png`,
    header_static: `${origin}/headers/${u.username}.png`,
    followers_count: 3 + index,
    following_count: 5,
    statuses_count: 42,
    emojis,
    fields,
    source: {
      privacy: 'public',
      sensitive: false,
      language: 'en',
      note: note.replace(/<[^>]*>/g, ''),
      fields,
      follow_requests_count: 0
    }
  }
  if (personality.startsWith('mastodon') || personality === 'cross-origin-redirect') {
    account.role = { id: '-99', name: '', permissions: '65536', color: '', highlighted: false }
  }
  if (personality === 'pleroma' || personality === 'akkoma') {
    account.pleroma = { is_admin: false, is_moderator: false }
  }
  return account
}
