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

/** "Start Fedivault when you log in": what the OS really has, read back, not what was asked. */
export const startupInfoSchema = z.object({
  /** False where Fedivault cannot register itself (say why in `detail`). */
  available: z.boolean(),
  openAtLogin: z.boolean(),
  /** macOS/Windows: Electron's login item; Linux: an XDG autostart file. */
  mechanism: z.enum(['login-item', 'xdg-autostart', 'none']),
  /** Where it lives (the autostart file's path) or why it is unavailable. */
  detail: z.string().optional(),
  /** Set when the OS has an entry Fedivault did not write, so it leaves it alone. */
  foreign: z.boolean().optional()
})
export type StartupInfo = z.infer<typeof startupInfoSchema>

export const notificationsInfoSchema = z.object({
  enabled: z.boolean(),
  /** Whether this system can show native notifications at all. */
  supported: z.boolean()
})

/** The `--password-store` values Electron accepts for a real keyring on Linux. */
export const passwordStoreSchema = z.enum(['gnome-libsecret', 'kwallet5', 'kwallet6'])
export type PasswordStore = z.infer<typeof passwordStoreSchema>

/** Linux: which keyring Electron was told to use, and what came of the last attempt. */
export const keyringInfoSchema = z.object({
  /** The desktop Electron judged by (it picks a keyring from these two variables). */
  desktop: z.object({
    xdgCurrentDesktop: z.string().nullable(),
    desktopSession: z.string().nullable()
  }),
  choices: z.array(z.object({ id: passwordStoreSchema, label: z.string() })),
  /** The choice saved beside the vault, applied at the next start (or applied at this one). */
  saved: passwordStoreSchema.nullable(),
  /** A `--password-store` given on the command line; it wins over the saved choice. */
  commandLine: z.string().nullable(),
  /** The switch this process started with, from whichever source. */
  applied: z.string().nullable(),
  /** After a restart that still found no keyring: what was tried, in plain words. */
  failure: z.object({ tried: passwordStoreSchema, message: z.string() }).optional(),
  /** False in the harness, which cannot restart itself (nor use a keyring). */
  canRestart: z.boolean()
})
export type KeyringInfo = z.infer<typeof keyringInfoSchema>

/** The window's colours: the operating system's choice, or always light or dark. */
export const themeSchema = z.enum(['system', 'light', 'dark'])
export type Theme = z.infer<typeof themeSchema>

export const settingsSchema = z.object({
  storage: storageInfoSchema,
  scriptAccess: scriptAccessSchema,
  closeToTray: z.boolean(),
  startup: startupInfoSchema,
  notifications: notificationsInfoSchema,
  /** Linux only: the keyring Electron was told to use. */
  keyring: keyringInfoSchema.optional(),
  theme: themeSchema
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
