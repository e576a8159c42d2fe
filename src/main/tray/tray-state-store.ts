import { EventEmitter } from 'node:events'
import type { AccountsState } from '@shared/domain/account'
import type { TrayState, TrayStateSource } from './tray-service'

/**
 * The tray's view of the app, fed from the two places that change it (the account service and the
 * script-access setting). Emits `changed` after every update, which is what `TrayService` listens to.
 */
export class TrayStateStore extends EventEmitter implements TrayStateSource {
  #state: TrayState = { accounts: [], activeAccountId: null, scriptAccessEnabled: false }

  current(): TrayState {
    return this.#state
  }

  setAccounts(state: AccountsState): void {
    this.#state = {
      ...this.#state,
      accounts: state.accounts,
      activeAccountId: state.activeAccountId
    }
    this.emit('changed')
  }

  setScriptAccess(enabled: boolean): void {
    if (this.#state.scriptAccessEnabled === enabled) return
    this.#state = { ...this.#state, scriptAccessEnabled: enabled }
    this.emit('changed')
  }
}
