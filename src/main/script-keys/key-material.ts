import { createHash, randomBytes } from 'node:crypto'
import { SCRIPT_KEY_PREFIX } from '@shared/script-key-format'

/** `fvk_` + 32 random bytes in base64url (43 characters): fits a header and a shell variable. */
export function generateKey(): string {
  return SCRIPT_KEY_PREFIX + randomBytes(32).toString('base64url')
}

/**
 * SHA-256, hex. A key holds 256 random bits, so a plain fast hash is enough: there is nothing to
 * guess that a slow hash would protect, and the endpoint hashes once per request.
 */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex')
}

/** A key's id: random, so nothing about the key can be learnt from it. */
export function newKeyId(): string {
  return randomBytes(8).toString('hex')
}
