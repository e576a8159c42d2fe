import type { ScriptKeyAccounts, ScriptKeyMode, ScriptKeySummary } from '@shared/domain/script-keys'

export const modeNames: Record<ScriptKeyMode, string> = {
  'proxy-read-only': 'Read only, through Fedivault',
  'proxy-read-write': 'Read and write, through Fedivault',
  token: 'Token (can see the account’s token)'
}

export const modeDetails: Record<ScriptKeyMode, string> = {
  'proxy-read-only':
    'The script can read (GET) through Fedivault’s proxy. It never sees a token and cannot post, follow or delete.',
  'proxy-read-write':
    'The script can do anything the account can, through the proxy, without ever seeing the token.',
  token: 'The script may also fetch the account’s token itself. Only for tools that need the token.'
}

export function accountsText(accounts: ScriptKeyAccounts): string {
  return accounts === 'active' ? 'The active account' : accounts.join(', ')
}

export const stateText: Record<ScriptKeySummary['state'], string> = {
  active: 'Active',
  expired: 'Expired',
  revoked: 'Revoked'
}

/** One line a script can start from: the proxy for proxy keys, the token for token keys. */
export function exampleCommand(plaintext: string, key: ScriptKeySummary): string {
  const account = key.accounts === 'active' ? '' : ` --account ${key.accounts[0]}`
  return key.mode === 'token'
    ? `FEDIVAULT_KEY=${plaintext} fedivault token${account ? ` ${key.accounts[0]}` : ''}`
    : `FEDIVAULT_KEY=${plaintext} fedivault api${account} GET /api/v1/notifications`
}
