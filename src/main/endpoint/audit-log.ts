import type { AuditEntry } from '@shared/domain/settings'
import type { AuditLogStore } from './ports'

/** Keeps the last `capacity` entries; Settings shows recent activity, not a full history. */
export class RingAuditLog implements AuditLogStore {
  private readonly ring: AuditEntry[] = []
  private next = 0

  constructor(private readonly capacity = 500) {}

  append(entry: AuditEntry): void {
    if (this.ring.length < this.capacity) this.ring.push(entry)
    else this.ring[this.next] = entry
    this.next = (this.next + 1) % this.capacity
  }

  /** Oldest first. */
  entries(): AuditEntry[] {
    return this.ring.length < this.capacity
      ? [...this.ring]
      : [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)]
  }
}
