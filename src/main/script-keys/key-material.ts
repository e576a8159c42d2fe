import { createHash, randomBytes } from 'node:crypto'

/** Marks a script key, so the endpoint can tell one from the owner's secret without a lookup. */
export const KEY_PREFIX = 'fvk_'

/** `fvk_` + 32 random bytes in base64url (43 characters): fits a header and a shell variable. */
export function generateKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url')
}

/**
 * SHA-256, hex. A key holds 256 random bits, so a plain fast hash is enough: there is nothing to
 * guess that a slow hash would protect, and the endpoint hashes once per request.
 */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex')
}

export function looksLikeKey(presented: string): boolean {
  return presented.startsWith(KEY_PREFIX)
}

/** A key's id: random, so nothing about the key can be learnt from it. */
export function newKeyId(): string {
  return randomBytes(8).toString('hex')
}
