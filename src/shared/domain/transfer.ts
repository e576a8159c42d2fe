import { z } from 'zod'

/**
 * Bringing accounts in from other tools' plaintext files, and moving them between computers in an
 * encrypted export. Answers name accounts and files, never a token.
 */

export const importSourceSchema = z.enum(['toot', 'mastodon.py'])
export type ImportSource = z.infer<typeof importSourceSchema>

/** What happened to one account found in the files. */
export const importOutcomeSchema = z.enum(['added', 'already_present', 'duplicate', 'failed'])

export const importItemSchema = z.object({
  /** Where the account was found: "alice@social.example in config.json", a file name. */
  origin: z.string(),
  apiBaseUrl: z.string(),
  /** The verified handle; absent when verification failed before the server named the account. */
  handle: z.string().optional(),
  outcome: importOutcomeSchema,
  /** Why it failed, or what "already here" means for this one. */
  reason: z.string().optional()
})
export type ImportItem = z.infer<typeof importItemSchema>

export const importReportSchema = z.object({
  source: importSourceSchema,
  /**
   * Files read. `deletable`: every account in it is now in Fedivault, so the plaintext copy can
   * go (offered, never done on its own; see `transfer:deleteImported`). `path` is absent when the
   * CLI sent the file's contents rather than a path.
   */
  files: z.array(
    z.object({
      name: z.string(),
      path: z.string().optional(),
      deletable: z.boolean(),
      /**
       * Set when the file is not the source's format, or holds nothing to import: what is wrong
       * ("not JSON at line 1 column 16: this is not toot's config.json"). The import failed for
       * that file (the CLI exits 13); nothing was taken from it.
       */
      unreadable: z.string().optional()
    })
  ),
  /** Entries of a readable file that could not be read as accounts (a user without a token). */
  problems: z.array(z.string()),
  items: z.array(importItemSchema),
  counts: z.object({
    found: z.number(),
    added: z.number(),
    alreadyPresent: z.number(),
    failed: z.number()
  })
})
export type ImportReport = z.infer<typeof importReportSchema>

/** What a restore did with one account of the export. */
export const restoreOutcomeSchema = z.enum([
  'added',
  'replaced_older',
  'kept_newer_here',
  'already_present',
  'failed'
])

export const restoreReportSchema = z.object({
  exportedAt: z.number(),
  items: z.array(
    z.object({
      handle: z.string(),
      outcome: restoreOutcomeSchema,
      reason: z.string().optional()
    })
  )
})
export type RestoreReport = z.infer<typeof restoreReportSchema>

/** A passphrase for the export file: typed twice, long enough to stand up to guessing offline. */
export const MIN_PASSPHRASE_LENGTH = 10
export const passphraseSchema = z.string().min(MIN_PASSPHRASE_LENGTH).max(1024)
