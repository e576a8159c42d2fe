import { z } from 'zod'

/** What the onboarding screen shows about a server before anyone signs in. */
export const instanceInfoSchema = z.object({
  /** What the person typed, normalised (domain, URL or handle). */
  input: z.string(),
  /** Handle typed, when the input was `@user@domain`: the username is prefilled in password sign-in. */
  username: z.string().optional(),
  domain: z.string(),
  apiBaseUrl: z.string(),
  software: z.string(),
  version: z.string().optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  thumbnail: z.string().optional(),
  signIn: z.object({
    browser: z.object({ available: z.boolean(), pkce: z.boolean(), reason: z.string().optional() }),
    password: z.object({
      available: z.enum(['yes', 'no', 'unknown']),
      reason: z.string().optional()
    })
  }),
  limits: z
    .object({
      maxStatusLen: z.number(),
      maxAttachments: z.number()
    })
    .optional()
})
export type InstanceInfoDto = z.infer<typeof instanceInfoSchema>
