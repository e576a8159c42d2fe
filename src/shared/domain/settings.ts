import { z } from 'zod'

export const storageInfoSchema = z.object({
  /** e.g. 'keychain' (macOS), 'dpapi' (Windows), 'gnome_libsecret', 'kwallet5', 'basic_text', 'file_key' */
  backend: z.string(),
  /** Human wording for Settings: "macOS Keychain", "test key file — not the OS keychain", … */
  description: z.string(),
  /** True when secrets are encrypted with a key the OS protects. */
  protectedByOs: z.boolean(),
  /** True when saving secrets is possible at all (encryption available, or plaintext opted in). */
  canSaveSecrets: z.boolean(),
  plaintextOptIn: z.boolean(),
  location: z.string()
})
export type StorageInfo = z.infer<typeof storageInfoSchema>

export const scriptAccessSchema = z.object({
  enabled: z.boolean(),
  running: z.boolean(),
  url: z.string().optional(),
  port: z.number().int().optional(),
  error: z.string().optional()
})
export type ScriptAccessState = z.infer<typeof scriptAccessSchema>

/** The window's colours: the operating system's choice, or always light or dark. */
export const themeSchema = z.enum(['system', 'light', 'dark'])
export type Theme = z.infer<typeof themeSchema>

export const settingsSchema = z.object({
  storage: storageInfoSchema,
  scriptAccess: scriptAccessSchema,
  closeToTray: z.boolean(),
  /** Absent from a main that predates it: the window then follows the system. */
  theme: themeSchema.optional()
})
export type SettingsDto = z.infer<typeof settingsSchema>

export const auditEntrySchema = z.object({
  at: z.number(),
  route: z.string(),
  account: z.string().optional(),
  status: z.number().int(),
  /** The script key that made the request (its id and name); absent for the owner's secret. */
  keyId: z.string().optional(),
  key: z.string().optional()
})
export type AuditEntry = z.infer<typeof auditEntrySchema>
