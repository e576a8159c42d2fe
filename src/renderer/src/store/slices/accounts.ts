import type { AccountSummary, AccountsState } from '@shared/domain/account'
import { toUiError } from '@renderer/lib/errors'
import { toFailure, type IpcClient } from '@renderer/lib/ipc'
import { fullHandle } from '../selectors'
import type { AccountAction, AccountsSlice, SliceCreator } from '../types'

const byPosition = (a: AccountSummary, b: AccountSummary) => a.position - b.position

export function createAccountsSlice(client: IpcClient): SliceCreator<AccountsSlice> {
  return (set, get) => {
    /** Runs one action on one account, with its row marked busy and failures turned into notices. */
    async function onAccount<T>(
      id: string,
      action: AccountAction,
      run: () => Promise<T>
    ): Promise<T | undefined> {
      // One action per account at a time: a second press while the first runs is ignored.
      if (get().accountBusy[id]) return undefined
      set((s) => ({ accountBusy: { ...s.accountBusy, [id]: action } }))
      try {
        return await run()
      } catch (error) {
        const failure = toFailure(error)
        get().pushNotice({ level: 'error', message: failure.message, code: failure.code })
        return undefined
      } finally {
        set((s) => {
          const { [id]: _done, ...rest } = s.accountBusy
          return { accountBusy: rest }
        })
      }
    }

    const apply = (state: AccountsState) => get().applyAccountsState(state)

    return {
      accounts: [],
      activeAccountId: null,
      accountsStatus: 'idle',
      accountsError: null,
      accountBusy: {},
      removalReasons: {},
      revokeOnServer: [],

      dismissRevokeOnServer(accountId) {
        set((s) => ({ revokeOnServer: s.revokeOnServer.filter((r) => r.accountId !== accountId) }))
      },

      async loadAccounts() {
        set({ accountsStatus: 'loading', accountsError: null })
        try {
          apply(await client.accounts.list())
        } catch (error) {
          set({ accountsStatus: 'error', accountsError: toUiError(toFailure(error)) })
        }
      },

      applyAccountsState(state) {
        const ids = new Set(state.accounts.map((a) => a.id))
        set((s) => ({
          accounts: [...state.accounts].sort(byPosition),
          activeAccountId: state.activeAccountId,
          accountsStatus: 'ready',
          accountsError: null,
          // A reason only means something while its account is still pending removal.
          removalReasons: Object.fromEntries(
            Object.entries(s.removalReasons).filter(([id]) => ids.has(id))
          )
        }))
      },

      async switchAccount(id) {
        const before = get()
        if (before.accountBusy[id] || before.activeAccountId === id) return
        // Shown at once, so the radio the person pressed stays pressed (a controlled radio would
        // otherwise spring back until main answers); main's answer, or the old state, replaces it.
        set({
          activeAccountId: id,
          accounts: before.accounts.map((a) => ({ ...a, active: a.id === id }))
        })
        const state = await onAccount(id, 'switch', () => client.accounts.switch({ id }))
        if (state) apply(state)
        else set({ activeAccountId: before.activeAccountId, accounts: before.accounts })
      },

      async reverifyAccount(id) {
        const key = id ?? '*'
        const state = await onAccount(key, 'reverify', () =>
          client.accounts.reverify(id ? { id } : {})
        )
        if (state) apply(state)
      },

      async renameAccount(id, label) {
        const state = await onAccount(id, 'rename', () =>
          client.accounts.rename({ id, label: label.trim() })
        )
        if (state) apply(state)
        return state !== undefined
      },

      moveAccount(id, delta) {
        const from = get().accounts.findIndex((a) => a.id === id)
        return get().moveAccountTo(id, from + delta)
      },

      async moveAccountTo(id, to) {
        if (get().accountBusy[id]) return
        const before = get().accounts
        const from = before.findIndex((a) => a.id === id)
        if (from < 0 || to < 0 || to >= before.length) return
        const reordered = [...before]
        const [moved] = reordered.splice(from, 1)
        reordered.splice(to, 0, moved!)
        // Shown at once so the moved row stays under the keyboard focus; main's answer (or the
        // old order, on failure) replaces it.
        set({ accounts: reordered.map((a, position) => ({ ...a, position })) })
        const state = await onAccount(id, 'reorder', () =>
          client.accounts.reorder({ ids: reordered.map((a) => a.id) })
        )
        if (state) apply(state)
        else set({ accounts: before })
      },

      async removeAccount(id, options = {}) {
        // Taken now: main's accounts event may drop the account before the answer arrives.
        const account = get().accounts.find((a) => a.id === id)
        const result = await onAccount(id, 'remove', () =>
          client.accounts.remove({ id, ...(options.force ? { force: true } : {}) })
        )
        if (!result) return false
        apply(result.state)
        if (result.removed) {
          const token = result.token
          set((s) => {
            const { [id]: _gone, ...rest } = s.removalReasons
            return {
              removalReasons: rest,
              ...(token?.outcome === 'revoke_on_server'
                ? {
                    revokeOnServer: [
                      ...s.revokeOnServer.filter((r) => r.accountId !== id),
                      {
                        accountId: id,
                        handle: account ? fullHandle(account) : id,
                        domain: account?.domain ?? new URL(token.url).host,
                        url: token.url,
                        message: token.message
                      }
                    ]
                  }
                : {})
            }
          })
          return true
        }
        set((s) => ({
          removalReasons: {
            ...s.removalReasons,
            [id]: result.reason ?? 'The server did not confirm that the token was revoked.'
          }
        }))
        return false
      }
    }
  }
}
