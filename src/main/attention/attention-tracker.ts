import type { AccountStatus, AccountSummary, AccountsState } from '@shared/domain/account'

export interface AttentionUpdate {
  /** Accounts that just turned "needs sign-in" and have not been announced since they last worked. */
  announce: AccountSummary[]
  /** How many accounts need sign-in now. */
  count: number
}

/**
 * Turns the stream of account states into transitions. An account is announced once when it turns
 * "needs sign-in" (whatever found out: the periodic check, a Check, a failed refresh, a script's
 * request answered 423) and not again until it has worked (`ok`) and then failed again; a script
 * hammering a dead token produces many identical states and no new announcement. The first state
 * is the baseline: accounts that already needed sign-in when the app started are not announced.
 */
export class AttentionTracker {
  readonly #last = new Map<string, AccountStatus>()
  readonly #announced = new Set<string>()
  #started = false

  update(state: AccountsState): AttentionUpdate {
    const announce: AccountSummary[] = []
    const present = new Set<string>()
    for (const account of state.accounts) {
      present.add(account.id)
      const before = this.#last.get(account.id)
      this.#last.set(account.id, account.status)
      if (account.status === 'ok') this.#announced.delete(account.id)
      if (account.status !== 'needs_reauth' || this.#announced.has(account.id)) continue
      this.#announced.add(account.id)
      if (this.#started && before !== undefined) announce.push(account)
    }
    for (const id of [...this.#last.keys()]) {
      if (present.has(id)) continue
      this.#last.delete(id)
      this.#announced.delete(id)
    }
    this.#started = true
    const count = state.accounts.filter((a) => a.status === 'needs_reauth').length
    return { announce, count }
  }
}
