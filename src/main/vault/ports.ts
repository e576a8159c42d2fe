/**
 * What the vault needs from the outside world. Everything is passed in, so the service runs in
 * plain Node with real files; only `src/main/platform/` adapts Electron to these shapes.
 */

/** Encrypts secrets with a key the vault never sees (safeStorage in Electron). */
export interface SecretCipher {
  /** e.g. 'keychain', 'dpapi', 'gnome_libsecret', 'kwallet5', 'basic_text', 'file_key'. */
  readonly backend: string
  /** Human wording for Settings ("macOS Keychain", "test key file — not the OS keychain"). */
  readonly description: string
  /** True when the key is protected by the OS (keychain, DPAPI, Secret Service). */
  readonly protectedByOs: boolean
  /** False when encrypting would not really protect anything (includes Linux `basic_text`). */
  isAvailable(): boolean
  encrypt(plaintext: string): Buffer
  decrypt(ciphertext: Buffer): string
}

/** One JSON document on disk, replaced atomically on every write. */
export interface DocumentStore {
  /** Where the document lives, for Settings and for error messages. */
  readonly location: string
  /**
   * The parsed document, or undefined when none exists yet.
   * Throws {@link UnreadableStoreError} when the file exists but is not JSON.
   */
  read(): unknown
  write(document: unknown): void
  /** Renames the current file out of the way and returns the new path; the next read sees none. */
  moveAside(suffix: string): string
  /** Copies the current file next to itself (before a migration) and returns the copy's path. */
  backup(suffix: string): string
}

export class UnreadableStoreError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UnreadableStoreError'
  }
}

export interface Clock {
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }

/** Same shape as the app's logger. The vault logs account ids and error codes, never secrets. */
export interface VaultLogger {
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

export const silentLogger: VaultLogger = { info() {}, warn() {}, error() {} }
