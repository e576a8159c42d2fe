import type { EndpointFile } from '@shared/endpoint-file'
import { getJson } from './endpoint-client'
import { CliError, exitCodes } from './exit-codes'
import { httpRoutes } from '@shared/http-routes'

interface StatusRow {
  handle: string
  software: string
  active: boolean
  status: string
  /** Absent from endpoints older than `fedivault status`. */
  last_verified_at?: string | null
}

const described: Record<string, [mark: string, words: string]> = {
  ok: ['✓', 'signed in'],
  needs_reauth: ['X', 'needs to sign in again in Fedivault'],
  offline: ['!', 'offline: the server could not be reached'],
  pending_removal: ['!', 'being removed']
}

/** The states in which there is no endpoint to ask: said on stdout, with their own exit codes. */
const unreachable: Record<number, 'not_running' | 'script_access_off' | 'stale_endpoint'> = {
  [exitCodes.notRunning]: 'not_running',
  [exitCodes.scriptAccessOff]: 'script_access_off',
  [exitCodes.staleEndpoint]: 'stale_endpoint'
}

/**
 * `fedivault status`, in the manner of `gh auth status`: whether Fedivault runs with script
 * access on, the active account, then every account, its software, whether it works and when it
 * was last verified. Exits 1 when any must sign in again, 3/4/5 when there is no endpoint (as
 * every command does); `--json` prints the same facts and always exits 0, so a script reads the
 * state rather than the exit code.
 */
export async function showStatus(
  command: { json: boolean },
  locate: () => EndpointFile,
  write: (text: string) => void,
  now: Date = new Date()
): Promise<number> {
  let endpoint: EndpointFile
  let accounts: StatusRow[]
  try {
    endpoint = locate()
    accounts = ((await getJson(endpoint, httpRoutes.accounts)) as { accounts: StatusRow[] })
      .accounts
  } catch (error) {
    const state = error instanceof CliError ? unreachable[error.exitCode] : undefined
    if (!state || !(error instanceof CliError)) throw error
    if (command.json) {
      write(
        `${JSON.stringify({ running: state === 'script_access_off', script_access: false, state, message: error.message }, null, 2)}\n`
      )
      return exitCodes.ok
    }
    write(`${error.message}\n`)
    return error.exitCode
  }
  const active = accounts.find((a) => a.active)?.handle ?? null
  const needSignIn = accounts.filter((a) => a.status === 'needs_reauth').map((a) => a.handle)
  if (command.json) {
    const facts = {
      running: true,
      script_access: true,
      url: endpoint.url,
      version: endpoint.version
    }
    write(`${JSON.stringify({ ...facts, active, needs_sign_in: needSignIn, accounts }, null, 2)}\n`)
    return exitCodes.ok
  }
  const version = endpoint.version === 'unknown' ? '' : ` ${endpoint.version}`
  write(`Fedivault${version} is running · script access on at ${endpoint.url}\n`)
  if (accounts.length === 0) {
    write('No accounts in Fedivault yet.\n')
    return exitCodes.ok
  }
  write(`Active account: ${active ?? 'none (choose one in Fedivault, or use --account)'}\n\n`)
  for (const account of accounts) {
    const [mark, words] = described[account.status] ?? ['!', account.status]
    const verified = account.last_verified_at
      ? `last verified ${whenVerified(new Date(account.last_verified_at), now)}`
      : 'not verified yet'
    write(`${account.handle}${account.active ? ' (active)' : ''}\n`)
    write(`  ${mark} ${account.software} · ${words} · ${verified}\n`)
  }
  if (needSignIn.length === 0) return exitCodes.ok
  const count = needSignIn.length === 1 ? '1 account needs' : `${needSignIn.length} accounts need`
  write(`\n${count} to sign in again in Fedivault: ${needSignIn.join(', ')}\n`)
  return exitCodes.failure
}

/** Local time, minutes only; the date too unless it is today. */
function whenVerified(at: Date, now: Date): string {
  if (Number.isNaN(at.getTime())) return 'at an unknown time'
  const pad = (n: number) => String(n).padStart(2, '0')
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}`
  const sameDay = at.toDateString() === now.toDateString()
  return sameDay
    ? `today ${time}`
    : `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${time}`
}
