import { randomBytes, timingSafeEqual } from 'node:crypto'

/** 32 random bytes, base64url: fits in a header and a JSON file without escaping. */
export function createSecret(): string {
  return randomBytes(32).toString('base64url')
}

/**
 * Returns a comparison that takes the same time however much of a guess is right. A guess of
 * another length is compared against a decoy instead (timingSafeEqual throws on a length
 * mismatch); that reveals only the length, which is public anyway (43 characters). No hashing:
 * this runs on every request, and a SHA-256 per call was a measurable part of `GET /v1/token`.
 */
export function secretMatcher(secret: string): (presented: string) => boolean {
  const expected = Buffer.from(secret, 'utf8')
  const decoy = Buffer.alloc(expected.length)
  return (presented) => {
    const given = Buffer.from(presented, 'utf8')
    const sameLength = given.length === expected.length
    return timingSafeEqual(sameLength ? given : decoy, expected) && sameLength
  }
}

/** The credential from `Authorization: Bearer <x>`, or null for any other shape. */
export function bearerCredential(header: string | undefined): string | null {
  if (!header) return null
  const space = header.indexOf(' ')
  if (space < 0 || header.slice(0, space).toLowerCase() !== 'bearer') return null
  const credential = header.slice(space + 1).trim()
  return credential === '' ? null : credential
}
