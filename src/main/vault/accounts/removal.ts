import type { RemoveResult } from '@shared/domain/account'
import { orderedAccounts } from './account-mapping'
import { VaultError } from '../errors'
import { nextActiveAfterRemoval } from './lifecycle-rules'
import { failureKind, type AccountServer } from '../ports'
import { detailOf } from '../tokens/reverification'
import type { AccountRecord, VaultDocument } from '../storage/store-schema'
import { removedTokenOutcome, revocableHere } from './token-outcome'
import type { VaultState } from '../vault-state'

/**
 * Revokes the account's token on the server, then forgets the account. If revocation fails the
 * account is kept as `pending_removal` (retry, or pass `force` to forget it without revoking).
 */
export async function removeAccount(
  state: VaultState,
  server: AccountServer,
  id: string,
  options: { force?: boolean }
): Promise<Omit<RemoveResult, 'state'>> {
  const record = state.record(id)
  state.assertWritable()
  if (!options.force && revocableHere(record)) {
    const failure = await revoke(state, server, record)
    if (failure) {
      state.commit((doc) => {
        const r = doc.accounts[id]
        if (!r) return
        r.status = 'pending_removal'
        r.statusReason = failure
        r.statusChangedAt = state.clock.now()
        // The person asked for this account to go: stop handing it out as the active one.
        if (doc.activeAccountId === id) {
          const others = orderedAccounts(doc).filter((a) => a.status !== 'pending_removal')
          doc.activeAccountId = others[0]?.id ?? null
        }
      })
      state.log.warn('revocation failed, account kept for removal', { account: id })
      return { removed: false, reason: failure }
    }
  }
  // A sign-in to the same account while the revocation was in flight brought a new token: keep it.
  if (state.doc.accounts[id]?.token.accessToken !== record.token.accessToken) {
    return {
      removed: false,
      reason: 'You signed in to this account again while it was being removed.'
    }
  }
  state.commit((doc) => {
    const ids = orderedAccounts(doc).map((a) => a.id)
    const usable = ids.filter((x) => x === id || doc.accounts[x]?.status !== 'pending_removal')
    doc.activeAccountId = nextActiveAfterRemoval(usable, id, doc.activeAccountId)
    delete doc.accounts[id]
    renumber(doc)
  })
  state.log.info('account removed', { account: id, forced: options.force === true })
  return { removed: true, token: removedTokenOutcome(record, options.force === true) }
}

/** Undefined when revoked (or already invalid); otherwise why the account must be kept. */
async function revoke(
  state: VaultState,
  server: AccountServer,
  record: AccountRecord
): Promise<string | undefined> {
  let token: string
  try {
    token = state.open(record.token.accessToken)
  } catch (error) {
    return `${errorMessage(error)} The token cannot be revoked; remove the account anyway to forget it.`
  }
  const app = state.appFor(record)
  if (!app) {
    return 'Fedivault no longer has the app registration that issued this sign-in, so it cannot revoke it. Remove anyway, then revoke it in the server’s settings.'
  }
  try {
    await server.revokeToken(record.apiBaseUrl, app, token)
    return undefined
  } catch (error) {
    const kind = failureKind(error)
    // The server already refuses the token: nothing is left to revoke.
    if (kind === 'rejected_token') return undefined
    if (kind === 'rejected_client') {
      return 'The server no longer knows Fedivault’s app registration, so it cannot revoke this sign-in. Remove anyway, then check the authorised apps in your account settings there.'
    }
    return kind === 'unreachable'
      ? 'The server could not be reached to revoke the sign-in. Try again later, or remove anyway.'
      : `The server did not revoke the sign-in (${detailOf(error) ?? kind}). Try again, or remove anyway.`
  }
}

function renumber(doc: VaultDocument): void {
  orderedAccounts(doc).forEach((r, i) => void (r.position = i))
}

function errorMessage(error: unknown): string {
  return error instanceof VaultError ? error.message : 'The saved sign-in could not be read.'
}
