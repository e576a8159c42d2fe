import type { AccountsState } from '../../shared/domain/account'
import type { VaultSettings } from './store-schema'

export interface VaultEventMap {
  /** Any change to the account list, an account's status or the active account. */
  changed: AccountsState
  settings: VaultSettings
}

type Listener<T> = (payload: T) => void

/** A tiny typed emitter: `on` returns the unsubscribe, and one failing listener cannot starve the rest. */
export class VaultEvents {
  readonly #listeners: { [K in keyof VaultEventMap]: Set<Listener<VaultEventMap[K]>> } = {
    changed: new Set(),
    settings: new Set()
  }

  constructor(private readonly onListenerError: (error: unknown) => void = () => undefined) {}

  on<K extends keyof VaultEventMap>(event: K, listener: Listener<VaultEventMap[K]>): () => void {
    const set = this.#listeners[event] as Set<Listener<VaultEventMap[K]>>
    set.add(listener)
    return () => void set.delete(listener)
  }

  emit<K extends keyof VaultEventMap>(event: K, payload: VaultEventMap[K]): void {
    for (const listener of [...(this.#listeners[event] as Set<Listener<VaultEventMap[K]>>)]) {
      try {
        listener(payload)
      } catch (error) {
        this.onListenerError(error)
      }
    }
  }
}
