import { join } from 'node:path'
import { createJsonFileStore } from '../lifecycle/json-file-store'

export const NOTIFICATIONS_FILE = 'notifications.json'

/** The notifications setting, on by default, in a small file of its own beside the vault. */
export class NotificationPreference {
  readonly #store: ReturnType<typeof createJsonFileStore<{ enabled: boolean }>>
  #enabled: boolean

  constructor(dataDir: string) {
    this.#store = createJsonFileStore<{ enabled: boolean }>(join(dataDir, NOTIFICATIONS_FILE))
    const saved = this.#store.load() as { enabled?: unknown } | undefined
    this.#enabled = saved?.enabled !== false
  }

  get enabled(): boolean {
    return this.#enabled
  }

  set(enabled: boolean): void {
    this.#enabled = enabled
    this.#store.save({ enabled })
  }
}
