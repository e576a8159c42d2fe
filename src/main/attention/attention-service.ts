import type { AccountSummary, AccountsState } from '@shared/domain/account'
import { AttentionTracker } from './attention-tracker'
import { needsSignInNotification, type NotificationContent } from './wording'

export interface AttentionPorts {
  /** Shows a native notification; `onClick` runs when the person clicks it. */
  notify(content: NotificationContent, onClick: () => void): void
  /** The notifications setting (on by default). */
  enabled(): boolean
  /** Opens the window on the account's "Sign in again". */
  openSignIn(accountId: string): void
  /** Called when the number of accounts needing sign-in changes (the tray's icon follows it). */
  onCount?(count: number): void
}

/** Feeds account states to the tracker and acts on what it finds: notifications, tray count. */
export class AttentionService {
  readonly #tracker = new AttentionTracker()
  readonly #ports: AttentionPorts
  #count = 0

  constructor(ports: AttentionPorts) {
    this.#ports = ports
  }

  get count(): number {
    return this.#count
  }

  update(state: AccountsState): void {
    const { announce, count } = this.#tracker.update(state)
    if (count !== this.#count) {
      this.#count = count
      this.#ports.onCount?.(count)
    }
    // Still tracked while notifications are off, so turning them on later announces nothing old.
    if (!this.#ports.enabled()) return
    for (const account of announce) this.#announce(account)
  }

  #announce(account: AccountSummary): void {
    this.#ports.notify(needsSignInNotification(account), () => this.#ports.openSignIn(account.id))
  }
}
