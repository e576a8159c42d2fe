import { z } from 'zod'
import {
  scriptKeyAccountsSchema,
  scriptKeyModeSchema,
  scriptKeyNameSchema
} from '@shared/domain/script-keys'

/**
 * A script key as the vault stores it: the key's SHA-256 and its settings, never the key. A
 * revoked key stays (with `revokedAt`) so that a script still using it is told `key_revoked`
 * rather than a bare `unauthorized`, and so the person can see what it was.
 */
export const storedScriptKeySchema = z.object({
  id: z.string().min(1),
  name: scriptKeyNameSchema,
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'not a SHA-256 hash'),
  accounts: scriptKeyAccountsSchema,
  mode: scriptKeyModeSchema,
  createdAt: z.number(),
  lastUsedAt: z.number().optional(),
  expiresAt: z.number().optional(),
  revokedAt: z.number().optional(),
  /**
   * A run key (`fedivault run`): held in memory only, for one command's life. The field exists so
   * a record that somehow reached the vault is recognised and swept at start.
   */
  run: z.object({ command: z.string() }).optional()
})
export type StoredScriptKey = z.infer<typeof storedScriptKeySchema>

/** Where keys are kept (the vault in the app, memory in tests). */
export interface ScriptKeyStorage {
  all(): StoredScriptKey[]
  /** Inserts or replaces these records in one write; throws when the store cannot be written. */
  put(records: StoredScriptKey[]): void
}
