import { createHash, randomBytes } from 'node:crypto'

export interface PkcePair {
  verifier: string
  challenge: string
  method: 'S256'
}

/** RFC 7636 S256, the only method Mastodon, GoToSocial, Hollo and Misskey accept. */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url')
}

/** A 43-character verifier (32 random bytes) and its challenge. */
export function createPkcePair(): PkcePair {
  const verifier = randomBytes(32).toString('base64url')
  return { verifier, challenge: pkceChallenge(verifier), method: 'S256' }
}

/** An unguessable `state` value binding an authorization response to the request that asked for it. */
export function randomState(): string {
  return randomBytes(24).toString('base64url')
}
