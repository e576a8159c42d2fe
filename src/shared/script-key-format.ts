/**
 * What a script key looks like: `fvk_` + 32 random bytes in base64url (43 characters). The prefix
 * lets the endpoint and the CLI tell a key from the owner's secret without a lookup. No zod here:
 * the CLI bundles this and must start fast.
 */
export const SCRIPT_KEY_PREFIX = 'fvk_'
export const SCRIPT_KEY_PATTERN = /^fvk_[A-Za-z0-9_-]{43}$/

export const looksLikeScriptKey = (secret: string): boolean => secret.startsWith(SCRIPT_KEY_PREFIX)
