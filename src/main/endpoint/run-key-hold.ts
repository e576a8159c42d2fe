import type { IncomingMessage, ServerResponse } from 'node:http'
import { z } from 'zod'
import { ScriptKeyError, type ScriptKeyRegistry } from '../script-keys'
import { endpointError, type EndpointError } from './errors'
import { readJsonBody } from './json-body'
import { keyJson } from './key-management'
import type { Clock, ScriptAccountSource } from './ports'
import { accountJson, sendError, sendJson } from './responses'
import type { Route } from './routes'
import { removeRunFolder } from './run-folder'
import { normaliseHandle } from './routes'

/** Run keys open at once; each holds a connection, and the endpoint takes 128. */
export const maxLiveRunKeys = 32
export const defaultRunKeyLifetimeMs = 12 * 60 * 60 * 1000
const maxRunKeyLifetimeMs = 7 * 24 * 60 * 60 * 1000

const holdBodySchema = z.object({
  /** Absent: the active account. */
  account: z.string().min(1).max(320).optional(),
  mode: z.enum(['proxy-read-only', 'proxy-read-write']),
  command: z.string().min(1).max(4000),
  /** The command's private folder (run-folder.ts), removed when the hold ends. */
  folder: z.string().min(1).max(4096).optional(),
  max_seconds: z
    .number()
    .int()
    .positive()
    .max(maxRunKeyLifetimeMs / 1000)
    .optional()
})

export interface RunKeyContext {
  keys?: ScriptKeyRegistry
  accounts: ScriptAccountSource
  clock: Clock
}

/**
 * `POST /v1/run-keys` (the owner's secret only: key-scope.ts refuses keys): mints a run key and
 * answers 201 with one JSON line — the key, its secret, the account — then keeps the answer open
 * for as long as the key lives. When the connection closes, however it closes (the command
 * ended, `fedivault run` crashed or was killed, the app quits), the key is revoked at once; at
 * its maximum lifetime the endpoint ends the answer itself. Nothing polls a pid.
 *
 * The endpoint's slow-request guards do not cut this: the request itself (headers, a small body)
 * arrives at once as any other; only the answer lasts, and no guard times an answer.
 */
export async function holdRunKey(
  ctx: RunKeyContext,
  req: IncomingMessage,
  res: ServerResponse,
  audit: (status: number, account?: string) => void
): Promise<void> {
  const fail = (error: EndpointError, account?: string) => {
    audit(error.status, account)
    sendError(res, error)
  }
  const keys = ctx.keys
  if (!keys) return fail(endpointError('not_found', 'Script keys are not available here.'))
  const body = await readJsonBody(req, 16 * 1024)
  if (!body.ok) return fail(body.error)
  const parsed = holdBodySchema.safeParse(body.value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : ''
    return fail(endpointError('bad_request', `Invalid run key: ${where}${issue?.message}`))
  }
  const spec = parsed.data
  const { accounts, activeAccountId } = ctx.accounts.listAccounts()
  const wanted = spec.account === undefined ? activeAccountId : normaliseHandle(spec.account)
  if (wanted === null) return fail(endpointError('no_active_account'))
  const account = accounts.find((a) => a.id === wanted.toLowerCase())
  if (!account) return fail(endpointError('unknown_account'), wanted)
  if (account.status === 'needs_reauth') return fail(endpointError('needs_reauth'), account.id)
  if (keys.liveRunKeys() >= maxLiveRunKeys) return fail(endpointError('too_many_run_keys'))
  // The answer may have been given up on while the body was read (the CLI was killed).
  if (req.socket.destroyed) return audit(499, account.id)

  const lifetimeMs = spec.max_seconds ? spec.max_seconds * 1000 : defaultRunKeyLifetimeMs
  let created
  try {
    created = keys.createRun({
      account: account.id,
      mode: spec.mode,
      command: spec.command,
      expiresAt: ctx.clock.now() + lifetimeMs
    })
  } catch (error) {
    if (error instanceof ScriptKeyError) return fail(endpointError('bad_request', error.message))
    throw error
  }
  const id = created.key.id
  const end = () => {
    clearTimeout(timer)
    try {
      keys.revokeRun(id)
    } catch {
      // Already forgotten: nothing left to revoke.
    }
    if (spec.folder !== undefined) removeRunFolder(spec.folder)
  }
  const timer = setTimeout(() => {
    res.end(`${JSON.stringify({ ended: 'max_time' })}\n`)
    end()
  }, lifetimeMs)
  timer.unref()
  res.once('close', end)
  // No idle timeout on the socket: the answer is silent for the whole life of the command.
  req.socket.setTimeout(0)
  audit(201, account.id)
  res.writeHead(201, {
    'content-type': 'application/x-ndjson; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff'
  })
  res.write(
    `${JSON.stringify({
      key: keyJson(created.key),
      secret: created.plaintext,
      account: accountJson(account)
    })}\n`
  )
}

/** `DELETE /v1/run-keys/<id>`: the command has ended; the key is refused from now on. */
export function endRunKey(
  ctx: RunKeyContext,
  res: ServerResponse,
  route: Extract<Route, { kind: 'run-keys'; action: 'end' }>,
  audit: (status: number) => void
): void {
  const keys = ctx.keys
  try {
    if (!keys) throw new ScriptKeyError('key_not_found', 'Script keys are not available here.')
    const key = keys.revokeRun(route.id)
    audit(200)
    sendJson(res, 200, JSON.stringify({ key: keyJson(key) }))
  } catch (error) {
    if (!(error instanceof ScriptKeyError)) throw error
    const refusal = endpointError('unknown_key', error.message)
    audit(refusal.status)
    sendError(res, refusal)
  }
}
