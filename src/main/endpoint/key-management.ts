import type { IncomingMessage, ServerResponse } from 'node:http'
import { z } from 'zod'
import {
  scriptKeyAccountsSchema,
  scriptKeyModeSchema,
  scriptKeyNameSchema,
  type ScriptKeySummary
} from '@shared/domain/script-keys'
import { ScriptKeyError, type ScriptKeyRegistry } from '../script-keys'
import { endpointError, type EndpointError } from './errors'
import { readJsonBody } from './json-body'
import { sendError, sendJson } from './responses'
import type { Route } from './routes'

/** A key description is a few hundred bytes; anything much larger is not one. */
const maxBodyBytes = 16 * 1024

const createBodySchema = z.object({
  name: scriptKeyNameSchema,
  accounts: scriptKeyAccountsSchema,
  mode: scriptKeyModeSchema,
  expires_at: z.iso.datetime({ offset: true }).nullable().optional()
})

/**
 * Key management for the owner's CLI (`fedivault keys …`). Only reached with endpoint.json's
 * secret: a script key asking is refused before this (see authenticate.ts and key-scope.ts).
 */
export async function manageKeys(
  ctx: { keys?: ScriptKeyRegistry },
  req: IncomingMessage,
  res: ServerResponse,
  route: Extract<Route, { kind: 'keys' }>,
  audit: (status: number) => void
): Promise<void> {
  const fail = (error: EndpointError) => {
    audit(error.status)
    sendError(res, error)
  }
  const keys = ctx.keys
  if (!keys) return fail(endpointError('not_found', 'Script keys are not available here.'))
  try {
    if (route.action === 'list') {
      audit(200)
      return sendJson(res, 200, JSON.stringify({ keys: keys.list().map(keyJson) }))
    }
    if (route.action === 'revoke') {
      const key = keys.revoke({ name: route.name })
      audit(200)
      return sendJson(res, 200, JSON.stringify({ key: keyJson(key) }))
    }
    const body = await readJsonBody(req, maxBodyBytes)
    if (!body.ok) return fail(body.error)
    const parsed = createBodySchema.safeParse(body.value)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : ''
      return fail(endpointError('bad_request', `Invalid key: ${where}${issue?.message}`))
    }
    const { expires_at: expiresAt, ...spec } = parsed.data
    const created = keys.create({
      ...spec,
      ...(expiresAt ? { expiresAt: Date.parse(expiresAt) } : {})
    })
    audit(201)
    // The one answer that carries the key; `no-store` like every answer here.
    return sendJson(
      res,
      201,
      JSON.stringify({ key: keyJson(created.key), secret: created.plaintext })
    )
  } catch (error) {
    if (!(error instanceof ScriptKeyError)) throw error
    const code =
      error.code === 'key_name_taken'
        ? 'key_name_taken'
        : error.code === 'key_not_found'
          ? 'unknown_key'
          : 'bad_request'
    return fail(endpointError(code, error.message))
  }
}

/** snake_case and ISO 8601 times, like the rest of the endpoint's answers. */
export function keyJson(key: ScriptKeySummary) {
  const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString())
  return {
    id: key.id,
    name: key.name,
    accounts: key.accounts,
    mode: key.mode,
    state: key.state,
    created_at: iso(key.createdAt),
    last_used_at: iso(key.lastUsedAt),
    expires_at: iso(key.expiresAt),
    revoked_at: iso(key.revokedAt),
    run: key.run ?? null
  }
}
