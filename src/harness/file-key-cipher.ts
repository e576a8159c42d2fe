import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import {
  chmodSync,
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync
} from 'node:fs'
import { join } from 'node:path'
import type { SecretCipher } from '../main/vault/ports'

/**
 * TEST AND HARNESS ONLY — NOT THE OS KEYCHAIN.
 *
 * safeStorage exists only inside Electron, so the browser harness, the tests and the benchmark
 * encrypt with AES-256-GCM under a random key kept in a 0600 file next to the store. Anyone who
 * can read the data directory can read the key, so this protects nothing against a local
 * attacker; it exists so the code paths that seal and open secrets run for real. The Electron
 * shell always uses SafeStorageCipher instead.
 */
export const TEST_KEY_FILE_NAME = 'TEST-ONLY-key-not-the-os-keychain.bin'

const KEY_BYTES = 32
const IV_BYTES = 12
const TAG_BYTES = 16
const LAYOUT_VERSION = 1

export class FileKeyCipher implements SecretCipher {
  readonly backend = 'file_key'
  readonly description = 'test key file — not the OS keychain'
  readonly protectedByOs = false
  readonly keyPath: string
  readonly #key: Buffer

  constructor(dataDir: string) {
    this.keyPath = join(dataDir, TEST_KEY_FILE_NAME)
    this.#key = loadOrCreateKey(dataDir, this.keyPath)
  }

  isAvailable(): boolean {
    return true
  }

  /** Layout: version byte, IV, GCM tag, ciphertext. */
  encrypt(plaintext: string): Buffer {
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv)
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
    return Buffer.concat([Buffer.of(LAYOUT_VERSION), iv, cipher.getAuthTag(), body])
  }

  decrypt(data: Buffer): string {
    if (data.length < 1 + IV_BYTES + TAG_BYTES || data[0] !== LAYOUT_VERSION) {
      throw new Error('not a file-key ciphertext')
    }
    const iv = data.subarray(1, 1 + IV_BYTES)
    const tag = data.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES)
    const decipher = createDecipheriv('aes-256-gcm', this.#key, iv)
    decipher.setAuthTag(tag)
    return Buffer.concat([
      decipher.update(data.subarray(1 + IV_BYTES + TAG_BYTES)),
      decipher.final()
    ]).toString('utf8')
  }
}

/**
 * Losing the key loses every secret, so it is created once, durably and without a race: written
 * to a temp file, fsynced, then hard-linked into place (which fails if another process won).
 */
function loadOrCreateKey(dataDir: string, keyPath: string): Buffer {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const existing = readKey(keyPath)
  if (existing) return existing
  const temp = `${keyPath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  const fd = openSync(temp, 'wx', 0o600)
  try {
    writeSync(fd, randomBytes(KEY_BYTES))
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  try {
    linkSync(temp, keyPath)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  } finally {
    unlinkSync(temp)
  }
  fsyncDir(dataDir)
  const key = readKey(keyPath)
  if (!key) throw new Error('the test key file could not be created')
  return key
}

function readKey(keyPath: string): Buffer | undefined {
  let key: Buffer
  try {
    key = readFileSync(keyPath)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  if (key.length !== KEY_BYTES) throw new Error(`${keyPath} is not a ${KEY_BYTES}-byte key`)
  if (process.platform !== 'win32' && (statSync(keyPath).mode & 0o077) !== 0)
    chmodSync(keyPath, 0o600)
  return key
}

function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return
  const fd = openSync(dir, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}
