import type { AuditEntry } from '../../shared/domain/settings'

/** The last `capacity` entries, oldest first: one per key, so a busy key cannot push out another's. */
export class Trail {
  private readonly ring: AuditEntry[] = []
  private next = 0

  constructor(private readonly capacity: number) {}

  append(entry: AuditEntry): void {
    if (this.ring.length < this.capacity) this.ring.push(entry)
    else this.ring[this.next] = entry
    this.next = (this.next + 1) % this.capacity
  }

  entries(): AuditEntry[] {
    return this.ring.length < this.capacity
      ? [...this.ring]
      : [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)]
  }
}
