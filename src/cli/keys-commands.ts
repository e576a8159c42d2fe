import type { EndpointFile } from '@shared/endpoint-file'
import { httpRoutes, keyPath } from '@shared/http-routes'
import { callEndpoint, endpointRefusal, readBody } from './endpoint-client'
import { CliError, exitCodes } from './exit-codes'
import type { KeysCommand } from './keys-args'

interface KeyRow {
  name: string
  state: string
  mode: string
  accounts: string[] | 'active'
  last_used_at: string | null
  expires_at: string | null
}

type Output = (text: string) => void

/** `fedivault keys …`: managed through the running app's endpoint with the owner's secret. */
export async function runKeys(
  command: KeysCommand,
  endpoint: EndpointFile,
  io: { stdout: Output; stderr: Output }
): Promise<number> {
  if (command.action === 'list') {
    const { keys } = (await request(endpoint, 'GET', httpRoutes.keys)) as { keys: KeyRow[] }
    io.stdout(command.json ? `${JSON.stringify({ keys }, null, 2)}\n` : keyTable(keys))
    return exitCodes.ok
  }
  if (command.action === 'revoke') {
    await request(endpoint, 'DELETE', keyPath(command.name))
    io.stderr(`Revoked "${command.name}": scripts using it are refused from their next request.\n`)
    return exitCodes.ok
  }
  const answer = (await request(endpoint, 'POST', httpRoutes.keys, {
    name: command.name,
    accounts: command.accounts,
    mode: command.mode,
    ...(command.expiresAt !== undefined
      ? { expires_at: new Date(command.expiresAt).toISOString() }
      : {})
  })) as { key: KeyRow; secret: string }
  if (command.json) {
    io.stdout(`${JSON.stringify(answer, null, 2)}\n`)
    return exitCodes.ok
  }
  // The key alone on stdout, so `KEY=$(fedivault keys create …)` works; the rest on stderr.
  io.stdout(`${answer.secret}\n`)
  io.stderr(
    `Created "${answer.key.name}" (${answer.key.mode}; ${accountsText(answer.key.accounts)}` +
      `${answer.key.expires_at ? `; expires ${answer.key.expires_at}` : ''}).\n` +
      'This is the only time the key is shown. A script uses it like this:\n' +
      '  FEDIVAULT_KEY=fvk_… fedivault api GET /api/v1/notifications\n'
  )
  return exitCodes.ok
}

async function request(
  endpoint: EndpointFile,
  method: string,
  path: string,
  body?: unknown
): Promise<unknown> {
  const res = await callEndpoint(endpoint, {
    method,
    path,
    body: body === undefined ? undefined : JSON.stringify(body),
    timeoutMs: 10_000
  })
  const refusal = await endpointRefusal(res)
  if (refusal) throw refusal
  const text = await readBody(res)
  try {
    return JSON.parse(text)
  } catch {
    throw new CliError(exitCodes.failure, `The endpoint at ${endpoint.url} did not answer JSON.`)
  }
}

function accountsText(accounts: string[] | 'active'): string {
  return accounts === 'active' ? 'the active account' : accounts.join(', ')
}

function keyTable(keys: KeyRow[]): string {
  if (keys.length === 0) return 'No script keys yet. Create one with "fedivault keys create".\n'
  const rows = keys.map((k) => [
    k.name,
    k.state,
    k.mode,
    accountsText(k.accounts),
    k.last_used_at ? `used ${k.last_used_at}` : 'never used',
    k.expires_at ? `expires ${k.expires_at}` : 'no expiry'
  ])
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  return rows
    .map(
      (r) =>
        `${r
          .map((c, i) => c.padEnd(widths[i]!))
          .join('  ')
          .trimEnd()}\n`
    )
    .join('')
}
