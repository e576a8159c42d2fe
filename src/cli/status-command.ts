import type { EndpointFile } from '@shared/endpoint-file'
import { getJson } from './endpoint-client'
import { exitCodes } from './exit-codes'

interface StatusRow {
  handle: string
  software: string
  active: boolean
  status: string
  last_verified_at?: string | null
}

/**
 * `fedivault status`, in the manner of `gh auth status`: every account, its software, whether it
 * works and when it was last verified; exit 1 when any must sign in again. `--json` prints the
 * rows and always exits 0, so a script reads the state rather than the exit code.
 */
export async function showStatus(
  command: { json: boolean },
  endpoint: EndpointFile,
  write: (text: string) => void
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
    const mark = account.status === 'needs_reauth' ? 'X' : '✓'
    const verified = account.last_verified_at
      ? `last verified ${account.last_verified_at}`
      : 'not verified yet'
    write(`${account.handle}${account.active ? ' (active)' : ''}\n`)
    write(`  ${mark} ${account.software}, ${describe(account.status)}, ${verified}\n`)
  }
  return accounts.some((a) => a.status === 'needs_reauth') ? exitCodes.failure : exitCodes.ok
}

function describe(status: string): string {
  return status === 'needs_reauth' ? 'needs to sign in again in Fedivault' : status
}
