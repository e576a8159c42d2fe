import type { AxiosInstance } from 'axios'
import { Discovery } from './discover'
import { type Clock } from '../../clock'

/**
 * Discoveries reused per input for a few minutes: the UI discovers while the person chooses a
 * sign-in method, and the sign-in that follows must not ask the server again.
 */
export class DiscoveryCache {
  private readonly entries = new Map<string, { discovery: Discovery; at: number }>()

  constructor(
    private readonly client: AxiosInstance,
    private readonly clock: Clock,
    private readonly ttlMs: number
  ) {}

  get(input: string): Discovery {
    const key = input.trim().toLowerCase()
    const now = this.clock.now()
    const cached = this.entries.get(key)
    if (cached && now - cached.at < this.ttlMs) return cached.discovery
    const discovery = new Discovery(input.trim(), this.client, this.clock)
    const entry = { discovery, at: now }
    this.entries.set(key, entry)
    // A failed discovery is not remembered: the next attempt asks the server again.
    discovery.info().catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key)
    })
    return discovery
  }
}
