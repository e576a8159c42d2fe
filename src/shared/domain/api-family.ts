import { z } from 'zod'

/**
 * The client API an account is used through: `mastodon` (the Mastodon client API, which Pleroma,
 * Akkoma, GoToSocial, Hollo … speak too) or `misskey` for the Misskey family (MiAuth sign-in,
 * `POST /api/<endpoint>`, Sharkey included). The one spelling of this union in the code.
 */
export const apiFamilySchema = z.enum(['mastodon', 'misskey'])
export type ApiFamily = z.infer<typeof apiFamilySchema>
