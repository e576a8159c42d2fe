import { z } from 'zod'
import { apiFamilySchema, type ApiFamily } from '@shared/domain/api-family'
import { canonicalHandle, parseServerAccount, splitHandle } from './account-mapping'
import type { ClientRegistration } from '../../client-registration'
import type { IssuedTokens } from '../ports'
import { VaultError } from '../errors'
import type { Capabilities, ProfileSnapshot } from '../storage/store-schema'

/**
 * What the engine hands over after a sign-in whose token passed verify_credentials (the engine's
 * `VerifiedSignIn`). Checked again here: the vault is the last step before a secret is persisted,
 * and snac, for one, issues tokens that only verify_credentials can tell apart.
 */
const verifiedSignInSchema = z.object({
  apiBaseUrl: z.string().regex(/^https?:\/\/[^/]+/i),
  handle: z.string(),
  account: z.record(z.string(), z.unknown()),
  tokens: z.object({
    accessToken: z.string().min(1),
    tokenType: z.string().min(1).catch('Bearer'),
    // As the engine parsed them from the token response; none: the app's registered scopes.
    scope: z.array(z.string()).catch([]),
    refreshToken: z.string().min(1).optional().catch(undefined),
    expiresAt: z.number().optional().catch(undefined),
    createdAt: z.number()
  }),
  /** Absent for the Misskey family (MiAuth registers no app); the engine says which API. */
  api: apiFamilySchema.optional(),
  app: z
    .object({
      clientId: z.string().min(1),
      clientSecret: z.string().min(1),
      redirectUris: z.array(z.string()),
      scopes: z.array(z.string()),
      registeredAt: z.number()
    })
    .optional(),
  instance: z.object({
    software: z.string().catch('unknown'),
    version: z.string().optional().catch(undefined),
    discoveredAt: z.number().optional().catch(undefined),
    // The engine's InstanceInfo says `auth`; the renderer's InstanceInfoDto says `signIn`.
    auth: z
      .object({
        passwordGrant: z.enum(['supported', 'unsupported', 'unknown']),
        pkce: z.enum(['supported', 'unsupported', 'unknown'])
      })
      .optional()
      .catch(undefined),
    signIn: z
      .object({
        browser: z.object({ available: z.boolean(), pkce: z.boolean() }),
        password: z.object({ available: z.enum(['yes', 'no', 'unknown']) })
      })
      .optional()
      .catch(undefined),
    limits: z
      .object({ maxStatusLen: z.number(), maxAttachments: z.number() })
      .optional()
      .catch(undefined)
  })
})

/** Structural twin of the engine's VerifiedSignIn; only the fields the vault reads. */
export type VerifiedSignInInput = z.input<typeof verifiedSignInSchema>

export interface CheckedSignIn {
  id: string
  username: string
  domain: string
  apiBaseUrl: string
  instanceHost: string
  snapshot: ProfileSnapshot
  scopes: string[]
  tokens: IssuedTokens
  api: ApiFamily
  /** The issuing OAuth app; undefined for Misskey accounts. */
  app?: ClientRegistration
  instance: {
    software: string
    version?: string
    discoveredAt?: number
    capabilities?: Capabilities
  }
}

export function checkVerifiedSignIn(input: unknown): CheckedSignIn {
  const parsed = verifiedSignInSchema.safeParse(input)
  if (!parsed.success) {
    // Paths only: the issues' messages could quote the token.
    const where = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ')
    throw unverified(`the sign-in result is incomplete (${where})`)
  }
  const v = parsed.data
  const api = v.api ?? 'mastodon'
  // A Mastodon-API token is only usable (revoked, refreshed) with the app that issued it.
  if (api === 'mastodon' && !v.app)
    throw unverified('the app registration that issued it is missing')
  const account = parseServerAccount(v.account)
  if (!account) throw unverified('the server did not return a verified account')
  const handle = splitHandle(v.handle)
  if (!handle) throw unverified(`"${v.handle}" is not a user@domain handle`)
  if (handle.username.toLowerCase() !== account.username.toLowerCase()) {
    throw unverified('the verified account does not match the handle that signed in')
  }
  const apiBaseUrl = v.apiBaseUrl.replace(/\/+$/, '')
  const { signIn, limits, auth } = v.instance
  const capabilities: Capabilities | undefined =
    api === 'misskey'
      ? { browserSignIn: true, pkce: false, passwordGrant: 'no' }
      : signIn
        ? {
            browserSignIn: signIn.browser.available,
            pkce: signIn.browser.pkce,
            passwordGrant: signIn.password.available
          }
        : auth && {
            browserSignIn: true,
            pkce: auth.pkce === 'supported',
            passwordGrant: GRANT[auth.passwordGrant]
          }
  return {
    id: canonicalHandle(account.username, handle.domain),
    username: account.username,
    domain: handle.domain,
    apiBaseUrl,
    instanceHost: hostOf(apiBaseUrl),
    snapshot: account.snapshot,
    scopes: scopesOf(v.tokens.scope, v.app?.scopes ?? []),
    tokens: v.tokens,
    api,
    app: v.app,
    instance: {
      software: v.instance.software,
      version: v.instance.version,
      discoveredAt: v.instance.discoveredAt,
      capabilities: capabilities && {
        ...capabilities,
        maxStatusLen: limits?.maxStatusLen,
        maxAttachments: limits?.maxAttachments
      }
    }
  }
}

const GRANT = { supported: 'yes', unsupported: 'no', unknown: 'unknown' } as const

/** The key of an instance record: the API URL's host, port included. */
export function hostOf(apiBaseUrl: string): string {
  try {
    return new URL(apiBaseUrl).host
  } catch {
    throw new VaultError('not_found', `${apiBaseUrl} is not an instance URL.`)
  }
}

function scopesOf(granted: string[], registered: string[]): string[] {
  const scopes = granted.filter(Boolean)
  return scopes.length > 0 ? scopes : registered
}

function unverified(why: string): VaultError {
  return new VaultError('unverified_account', `Not saved: ${why}.`)
}
