import type { ScriptKeyAccounts, ScriptKeyMode, ScriptKeyState } from '@shared/domain/script-keys'
import type { StoredScriptKey } from './record'

/** What a request asks of a key, as the endpoint routed it. */
export type KeyRequest =
  | { route: 'accounts' }
  /** `account` undefined: the active account. */
  | { route: 'token'; account: string | undefined }
  | { route: 'proxy'; handle: string; method: string }
  | { route: 'keys' }
  /** `POST /v1/import`: adds accounts, so the owner's secret only. */
  | { route: 'import' }

export type KeyDecision =
  | { allowed: true; account?: string }
  | { allowed: false; lacks: 'account' | 'mode' | 'management'; message: string }

/** Methods a read-only key may send upstream: the ones HTTP defines as safe and Mastodon reads with. */
const readMethods = new Set(['GET', 'HEAD'])

export const modeLabels: Record<ScriptKeyMode, string> = {
  'proxy-read-only': 'proxy, read only',
  'proxy-read-write': 'proxy, read and write',
  token: 'token'
}

export function keyState(key: StoredScriptKey, now: number): ScriptKeyState {
  if (key.revokedAt !== undefined) return 'revoked'
  if (key.expiresAt !== undefined && key.expiresAt <= now) return 'expired'
  return 'active'
}

/** Handles as the vault keys accounts: lower case, no leading `@`, each once. */
export function normaliseAccounts(accounts: ScriptKeyAccounts): ScriptKeyAccounts {
  if (accounts === 'active') return 'active'
  return [...new Set(accounts.map((h) => h.trim().replace(/^@/, '').toLowerCase()))]
}

export function coversAccount(
  key: Pick<StoredScriptKey, 'accounts'>,
  handle: string,
  activeAccountId: string | null
): boolean {
  const id = handle.replace(/^@/, '').toLowerCase()
  return key.accounts === 'active' ? id === activeAccountId : key.accounts.includes(id)
}

export function describeAccounts(accounts: ScriptKeyAccounts): string {
  return accounts === 'active' ? 'the active account' : accounts.join(', ')
}

/**
 * Whether a key may make this request, decided before anything else is done for it: no account
 * is looked up, no body read, nothing forwarded. A refusal says what the key lacks. For a token
 * request the answer names the account to use, so that switching the active account between this
 * check and the token lookup cannot hand out another account's token.
 */
export function authorizeKey(
  key: Pick<StoredScriptKey, 'name' | 'accounts' | 'mode'>,
  request: KeyRequest,
  activeAccountId: string | null
): KeyDecision {
  const name = `The key "${key.name}"`
  switch (request.route) {
    case 'keys':
      return refuse(
        'management',
        `${name} cannot manage keys: only Fedivault's own secret (endpoint.json) can.`
      )
    case 'import':
      return refuse(
        'management',
        `${name} cannot import accounts: only Fedivault's own secret (endpoint.json) can.`
      )
    case 'accounts':
      return { allowed: true }
    case 'token': {
      if (key.mode !== 'token') {
        return refuse(
          'mode',
          `${name} may not fetch tokens (it is a "${modeLabels[key.mode]}" key). Call the API through /v1/proxy/<handle>/api/… instead, or create a key with the token mode.`
        )
      }
      const target = request.account ?? activeAccountId
      // No active account: the token lookup answers 409 no_active_account, as for the owner.
      if (target === null) return { allowed: true }
      if (!coversAccount(key, target, activeAccountId)) return refuseAccount(name, key, target)
      return { allowed: true, account: target }
    }
    case 'proxy': {
      if (!coversAccount(key, request.handle, activeAccountId)) {
        return refuseAccount(name, key, request.handle)
      }
      if (key.mode === 'proxy-read-only' && !readMethods.has(request.method)) {
        return refuse(
          'mode',
          `${name} is read-only: it may only send GET and HEAD through the proxy, not ${request.method}.`
        )
      }
      return { allowed: true, account: request.handle }
    }
  }
}

function refuseAccount(
  name: string,
  key: Pick<StoredScriptKey, 'accounts'>,
  target: string
): KeyDecision {
  return refuse(
    'account',
    key.accounts === 'active'
      ? `${name} may only use the active account, and ${target} is not it.`
      : `${name} may not use ${target}; it may use ${describeAccounts(key.accounts)}.`
  )
}

function refuse(lacks: 'account' | 'mode' | 'management', message: string): KeyDecision {
  return { allowed: false, lacks, message }
}
