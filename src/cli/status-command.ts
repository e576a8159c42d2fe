import type { EndpointFile } from '@shared/endpoint-file'
import { getJson } from './endpoint-client'
import { exitCodes } from './exit-codes'

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

/**
 * `fedivault status`, in the manner of `gh auth status`: every account, its software, whether it
 * works and when it was last verified; exit 1 when any must sign in again. `--json` prints the
 * rows and always exits 0, so a script reads the state rather than the exit code.
 */
export async function showStatus(
  command: { json: boolean },
  endpoint: EndpointFile,
  write: (text: string) => void,
  now: Date = new Date()
): Promise<number> {
  const { accounts } = (await getJson(endpoint, '/v1/accounts')) as { accounts: StatusRow[] }
  if (command.json) {
    write(`${JSON.stringify({ accounts }, null, 2)}\n`)
    return exitCodes.ok
  }
  if (accounts.length === 0) {
    write('No accounts in Fedivault yet.\n')
    return exitCodes.ok
  }
  for (const account of accounts) {
    const [mark, words] = described[account.status] ?? ['!', account.status]
    const verified = account.last_verified_at
      ? `last verified ${whenVerified(new Date(account.last_verified_at), now)}`
      : 'not verified yet'
    write(`${account.handle}${account.active ? ' (active)' : ''}\n`)
    write(`  ${mark} ${account.software} · ${words} · ${verified}\n`)
  }
  return accounts.some((a) => a.status === 'needs_reauth') ? exitCodes.failure : exitCodes.ok
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
