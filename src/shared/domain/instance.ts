import { z } from 'zod'
import { apiFamilySchema } from './api-family'

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
  /** The client API Fedivault uses here: `misskey` for the Misskey family (Sharkey included). */
  api: apiFamilySchema,
  signIn: z.object({
    browser: z.object({
      available: z.boolean(),
      pkce: z.boolean(),
      /** Misskey family: why the browser is the only way (the server asks to approve permissions). */
      reason: z.string().optional(),
      /** `miauth` on Misskey-family servers: no code to paste, a permission list to approve. */
      method: z.enum(['oauth', 'miauth']).optional(),
      /** MiAuth: the permissions Fedivault asks for, as the server's page will list them. */
      permissions: z.array(z.string()).optional()
    }),
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
