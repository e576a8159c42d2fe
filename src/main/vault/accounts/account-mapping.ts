import { z } from 'zod'
import type { AccountProfile, AccountSummary, AccountsState } from '@shared/domain/account'
import type {
  InstanceRecord,
  AccountRecord,
  ProfileSnapshot,
  VaultDocument
} from '../storage/store-schema'

/**
 * Pure conversions: server JSON → stored snapshot, stored record → the shared DTOs. The DTO
 * builders list their fields one by one, so a secret can only reach a DTO by someone typing it.
 */

const httpUrl = z
  .string()
  .refine((s) => /^https?:\/\//i.test(s))
  .optional()
  .catch(undefined)
const count = z.number().int().nonnegative().catch(0)

/** The parts of a Mastodon `Account` (verify_credentials) the vault keeps; lenient per field. */
const serverAccountSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  username: z.string().min(1),
  display_name: z.string().catch(''),
  url: httpUrl,
  avatar: httpUrl,
  header: httpUrl,
  note: z.string().catch(''),
  fields: z
    .array(
      z.object({
        name: z.string(),
        value: z.string(),
        verified_at: z.string().nullable().optional()
      })
    )
    .catch([]),
  emojis: z
    .array(z.object({ shortcode: z.string(), url: z.string(), static_url: z.string().optional() }))
    .catch([]),
  followers_count: count,
  following_count: count,
  statuses_count: count,
  bot: z.boolean().catch(false),
  locked: z.boolean().catch(false)
})

export interface ParsedServerAccount {
  username: string
  snapshot: ProfileSnapshot
}

/** Undefined when the JSON is not an account at all (no id or username). */
export function parseServerAccount(json: unknown): ParsedServerAccount | undefined {
  const parsed = serverAccountSchema.safeParse(json)
  if (!parsed.success) return undefined
  const a = parsed.data
  return {
    username: a.username,
    snapshot: {
      remoteId: a.id,
      displayName: a.display_name || a.username,
      url: a.url,
      avatar: a.avatar,
      header: a.header,
      note: a.note,
      fields: a.fields.map((f) => ({
        name: f.name,
        value: f.value,
        verifiedAt: f.verified_at ?? null
      })),
      emojis: a.emojis
        .filter((e) => /^https?:\/\//i.test(e.url))
        .map((e) => ({ shortcode: e.shortcode, url: e.url, staticUrl: e.static_url })),
      followersCount: a.followers_count,
      followingCount: a.following_count,
      statusesCount: a.statuses_count,
      bot: a.bot,
      locked: a.locked
    }
  }
}

/** `user@domain`, lower case: Mastodon-API servers treat both parts case-insensitively. */
export function canonicalHandle(username: string, domain: string): string {
  return `${username.replace(/^@/, '')}@${domain}`.toLowerCase()
}

/** Splits `user@domain` (a leading `@` allowed); undefined unless both parts are present. */
export function splitHandle(handle: string): { username: string; domain: string } | undefined {
  const match = /^@?([^@\s]+)@([^@\s/]+)$/.exec(handle.trim())
  return match ? { username: match[1]!, domain: match[2]!.toLowerCase() } : undefined
}

export function toSummary(
  record: AccountRecord,
  instance: InstanceRecord | undefined,
  activeAccountId: string | null
): AccountSummary {
  return {
    id: record.id,
    username: record.username,
    domain: record.domain,
    apiBaseUrl: record.apiBaseUrl,
    software: instance?.software ?? 'unknown',
    softwareVersion: instance?.version,
    api: record.api ?? 'mastodon',
    displayName: record.profile.displayName,
    avatar: record.profile.avatar,
    emojis: record.profile.emojis,
    label: record.label,
    status: record.status,
    statusReason: record.statusReason,
    active: record.id === activeAccountId,
    position: record.position,
    lastVerifiedAt: record.lastVerifiedAt,
    statusChangedAt: record.statusChangedAt
  }
}

export function toProfile(
  record: AccountRecord,
  instance: InstanceRecord | undefined,
  activeAccountId: string | null
): AccountProfile {
  const p = record.profile
  return {
    ...toSummary(record, instance, activeAccountId),
    url: p.url,
    header: p.header,
    note: p.note,
    fields: p.fields,
    followersCount: p.followersCount,
    followingCount: p.followingCount,
    statusesCount: p.statusesCount,
    bot: p.bot,
    locked: p.locked,
    scopes: record.scopes,
    createdAt: record.createdAt,
    expiresAt: record.token.expiresAt
  }
}

export function orderedAccounts(document: VaultDocument): AccountRecord[] {
  return Object.values(document.accounts).sort((a, b) => a.position - b.position)
}

export function toAccountsState(document: VaultDocument): AccountsState {
  return {
    accounts: orderedAccounts(document).map((r) =>
      toSummary(r, document.instances[r.instanceHost], document.activeAccountId)
    ),
    activeAccountId: document.activeAccountId
  }
}
