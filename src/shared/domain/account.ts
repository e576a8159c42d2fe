import { z } from 'zod'
import { apiFamilySchema } from './api-family'

/**
 * Account DTOs shared by main, preload, renderer, tray and the script endpoint. None of them ever
 * carries a token or a client secret: those stay inside the vault in the main process.
 */

export const accountStatusSchema = z.enum(['ok', 'needs_reauth', 'offline', 'pending_removal'])
export type AccountStatus = z.infer<typeof accountStatusSchema>

export const customEmojiSchema = z.object({
  shortcode: z.string(),
  url: z.string(),
  staticUrl: z.string().optional()
})
export type CustomEmoji = z.infer<typeof customEmojiSchema>

export const profileFieldSchema = z.object({
  name: z.string(),
  value: z.string(), // HTML as the server sent it; the renderer sanitises before showing it
  verifiedAt: z.string().nullable().optional()
})

/** One row of the account list, the tray menu and the endpoint's `/v1/accounts`. */
export const accountSummarySchema = z.object({
  /** Canonical handle `user@domain`, taken from the verified account; also the account's key. */
  id: z.string(),
  username: z.string(),
  /** The handle's domain (may differ from the API host for custom-domain instances). */
  domain: z.string(),
  /** API base URL, e.g. `https://social.example` (no trailing slash). */
  apiBaseUrl: z.string(),
  software: z.string(),
  softwareVersion: z.string().optional(),
  /** The client API the account is used through; `misskey` for the Misskey family. */
  api: apiFamilySchema,
  displayName: z.string(),
  avatar: z.string().optional(),
  emojis: z.array(customEmojiSchema).default([]),
  label: z.string().optional(),
  status: accountStatusSchema,
  /** Human-readable reason for a non-ok status ("the server revoked the token", …). */
  statusReason: z.string().optional(),
  active: z.boolean(),
  position: z.number().int(),
  lastVerifiedAt: z.number().optional(),
  /** When `status` last changed (ms since the epoch); absent for accounts saved before it was kept. */
  statusChangedAt: z.number().optional()
})
export type AccountSummary = z.infer<typeof accountSummarySchema>

/** The verified profile snapshot shown after sign-in and on the account's detail view. */
export const accountProfileSchema = accountSummarySchema.extend({
  url: z.string().optional(),
  header: z.string().optional(),
  note: z.string().default(''),
  fields: z.array(profileFieldSchema).default([]),
  followersCount: z.number().default(0),
  followingCount: z.number().default(0),
  statusesCount: z.number().default(0),
  bot: z.boolean().default(false),
  locked: z.boolean().default(false),
  scopes: z.array(z.string()).default([]),
  createdAt: z.number(),
  expiresAt: z.number().optional()
})
export type AccountProfile = z.infer<typeof accountProfileSchema>

export const accountsStateSchema = z.object({
  accounts: z.array(accountSummarySchema),
  activeAccountId: z.string().nullable()
})
export type AccountsState = z.infer<typeof accountsStateSchema>

/** What became of a removed account's token on its server. */
export const tokenRevocationSchema = z.discriminatedUnion('outcome', [
  /** Revoked by Fedivault (or the server already refused it). */
  z.object({ outcome: z.literal('revoked') }),
  /** Forgotten without revoking, because the person chose "remove anyway". */
  z.object({ outcome: z.literal('not_revoked') }),
  /**
   * Fedivault cannot revoke this kind of token (Misskey family: an app cannot revoke its own
   * token). It still works until the person revokes it on the server's "Connected apps" page,
   * `url` (`https://HOST/settings/apps`); `message` says so in words to show as is.
   */
  z.object({ outcome: z.literal('revoke_on_server'), url: z.string(), message: z.string() })
])
export type TokenRevocation = z.infer<typeof tokenRevocationSchema>

export const removeResultSchema = z.object({
  removed: z.boolean(),
  /** Why the account was kept (revocation failed), when it was. */
  reason: z.string().optional(),
  /** Set whenever `removed` is true. */
  token: tokenRevocationSchema.optional(),
  state: accountsStateSchema
})
export type RemoveResult = z.infer<typeof removeResultSchema>
