import { z } from 'zod'
import { SCRIPT_KEY_PATTERN } from '../script-key-format'

/**
 * Script keys as main, the renderer and the endpoint's `/v1/keys` describe them. A key's plaintext
 * appears only in the answer that creates it; its hash never leaves the main process.
 */

/**
 * - `proxy-read-only`: only GET and HEAD through `/v1/proxy`, no token ever handed out;
 * - `proxy-read-write`: any method through `/v1/proxy`;
 * - `token`: the proxy as above, and the raw token from `/v1/token` (the only mode that reveals one).
 */
export const scriptKeyModeSchema = z.enum(['proxy-read-only', 'proxy-read-write', 'token'])
export type ScriptKeyMode = z.infer<typeof scriptKeyModeSchema>

const handleSchema = z
  .string()
  .trim()
  .min(3)
  .max(320)
  .regex(/^@?[^@\s/]+@[^@\s/]+$/, 'a handle is user@domain')

/** `"active"`: whichever account is active when the request arrives; otherwise these handles. */
export const scriptKeyAccountsSchema = z.union([
  z.literal('active'),
  z.array(handleSchema).min(1).max(100)
])
export type ScriptKeyAccounts = z.infer<typeof scriptKeyAccountsSchema>

export const scriptKeyNameSchema = z
  .string()
  .trim()
  .min(1, 'a key needs a name')
  .max(60)
  .refine((name) => !/\p{Cc}/u.test(name), 'no control characters in a key name')

/** What someone asks for when creating a key. `expiresAt` is epoch ms, or absent for never. */
export const scriptKeySpecSchema = z.object({
  name: scriptKeyNameSchema,
  accounts: scriptKeyAccountsSchema,
  mode: scriptKeyModeSchema,
  expiresAt: z.number().int().positive().optional()
})
export type ScriptKeySpec = z.infer<typeof scriptKeySpecSchema>

export const scriptKeyStateSchema = z.enum(['active', 'expired', 'revoked'])
export type ScriptKeyState = z.infer<typeof scriptKeyStateSchema>

/** A key as listed: everything but the key itself and its hash. */
export const scriptKeySummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  accounts: scriptKeyAccountsSchema,
  mode: scriptKeyModeSchema,
  createdAt: z.number(),
  lastUsedAt: z.number().optional(),
  expiresAt: z.number().optional(),
  revokedAt: z.number().optional(),
  state: scriptKeyStateSchema,
  /** A run key (`fedivault run`): temporary, for this command only, gone after a restart. */
  run: z.object({ command: z.string() }).optional()
})
export type ScriptKeySummary = z.infer<typeof scriptKeySummarySchema>

/** The one answer that carries a key's plaintext: `fvk_` + 43 base64url characters. */
export const createdScriptKeySchema = z.object({
  key: scriptKeySummarySchema,
  plaintext: z.string().regex(SCRIPT_KEY_PATTERN)
})
export type CreatedScriptKey = z.infer<typeof createdScriptKeySchema>
