import { z } from 'zod'
import { mendIssuedAt, type TransferSnapshot } from '../../vault'
import { TransferError } from '../errors'

/**
 * What an export holds once decrypted: accounts with their tokens, the app registrations that
 * issued them, labels and order. Nothing bound to one computer (no sealed secrets, no keychain
 * name, no settings), so another computer can seal it all again with its own keychain.
 */
export const EXPORT_PAYLOAD_FORMAT = 'fedivault-accounts/1'

const secret = z.string().min(1).max(8192)

const appSchema = z.object({
  clientId: secret,
  clientSecret: secret,
  redirectUris: z.array(z.string()),
  scopes: z.array(z.string()),
  registeredAt: z.number()
})

const accountSchema = z.object({
  id: z.string().min(3),
  apiBaseUrl: z.string().regex(/^https?:\/\//i),
  label: z.string().max(80).optional(),
  position: z.number(),
  createdAt: z.number(),
  scopes: z.array(z.string()),
  token: z.object({
    accessToken: secret,
    refreshToken: secret.optional(),
    tokenType: z.string(),
    expiresAt: z.number().optional(),
    issuedAt: z.number(),
    clientId: z.string().optional()
  })
})
export type ExportedAccount = z.infer<typeof accountSchema>

export const exportPayloadSchema = z.object({
  format: z.literal(EXPORT_PAYLOAD_FORMAT),
  exportedAt: z.number(),
  activeAccountId: z.string().nullable(),
  instances: z.array(
    z.object({
      apiBaseUrl: z.string().regex(/^https?:\/\//i),
      software: z.string().optional(),
      version: z.string().optional(),
      currentClientId: z.string().optional(),
      apps: z.array(appSchema)
    })
  ),
  accounts: z.array(accountSchema)
})
export type ExportPayload = z.infer<typeof exportPayloadSchema>

export function buildPayload(snapshot: TransferSnapshot, now: number): ExportPayload {
  return {
    format: EXPORT_PAYLOAD_FORMAT,
    exportedAt: now,
    activeAccountId: snapshot.activeAccountId,
    instances: snapshot.instances,
    accounts: snapshot.accounts.map((a) => ({
      id: a.id,
      apiBaseUrl: a.apiBaseUrl,
      label: a.label,
      position: a.position,
      createdAt: a.createdAt,
      scopes: a.scopes,
      token: a.token
    }))
  }
}

export function readPayload(plaintext: Buffer): ExportPayload {
  let json: unknown
  try {
    json = JSON.parse(plaintext.toString('utf8'))
  } catch {
    json = undefined
  }
  const parsed = exportPayloadSchema.safeParse(json)
  if (!parsed.success) {
    // Paths only: the values are tokens.
    throw new TransferError(
      'export_damaged',
      'This export opened, but its contents are not an account list Fedivault can read.'
    )
  }
  return parsed.data
}

/**
 * An export written by a Fedivault that took Hollo's millisecond `created_at` for seconds dates
 * that sign-in in the year 58902: it would replace every sign-in here and carry the date along.
 * Mended as the vault mends its own file (vault/storage/mend-instants.ts).
 */
export function mendExportedInstants(payload: ExportPayload, now: number): ExportPayload {
  return {
    ...payload,
    accounts: payload.accounts.map((a) => {
      const issuedAt = mendIssuedAt(a.token.issuedAt, a.createdAt, now)
      return issuedAt === a.token.issuedAt ? a : { ...a, token: { ...a.token, issuedAt } }
    })
  }
}
