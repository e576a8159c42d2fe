import type { ScriptAccountSource, TokenLookup } from './ports'
import { tokenAnswer } from './responses'
import { systemClock, type Clock } from '../clock'

/** More than anyone has accounts; a script naming handles in endless spellings only refills it. */
const maxEntries = 256

/**
 * Token look-ups remembered until the accounts change. Scripts ask `GET /v1/token` for the same
 * token over and over, and opening it from the vault every time (decryption, the refresh check, a
 * promise) was most of that route's cost. Any change to the accounts (a new token, a status, the
 * active account, a removal) empties the cache, and a look-up that was under way during a change
 * is not kept. A token that expires is kept only until its `reuseUntil`, the moment the vault
 * would refresh it, so the vault's refresh-before-expiry stays in charge (one without
 * `reuseUntil` is never kept); refusals are not kept either (cheap to answer, and they must not
 * outlive a fix). A kept grant carries its `GET /v1/token` answer, rendered once: this is the
 * endpoint's only token cache.
 */
export class CachedTokenLookups implements ScriptAccountSource {
  private readonly entries = new Map<string, TokenLookup>()
  private generation = 0

  /** `subscribe` registers a listener for any change to the accounts; `clock` is the source's. */
  constructor(
    private readonly source: ScriptAccountSource,
    subscribe: (onChange: () => void) => void,
    private readonly clock: Clock = systemClock
  ) {
    subscribe(() => {
      this.generation++
      this.entries.clear()
    })
  }

  listAccounts(): ReturnType<ScriptAccountSource['listAccounts']> {
    return this.source.listAccounts()
  }

  tokenFor(handle?: string): TokenLookup | Promise<TokenLookup> {
    // No handle means the active account; '' is never a handle (the routes refuse it).
    const key = handle ?? ''
    const hit = this.entries.get(key)
    if (hit && this.reusable(hit)) return hit
    const generation = this.generation
    const keep = (lookup: TokenLookup): TokenLookup => {
      if (!lookup.ok || !this.reusable(lookup) || generation !== this.generation) return lookup
      const kept: TokenLookup = { ok: true, grant: lookup.grant, answer: tokenAnswer(lookup.grant) }
      if (this.entries.size >= maxEntries) this.entries.clear()
      this.entries.set(key, kept)
      return kept
    }
    const answer = this.source.tokenFor(handle)
    return answer instanceof Promise ? answer.then(keep) : keep(answer)
  }

  private reusable(lookup: TokenLookup): boolean {
    if (!lookup.ok) return false
    const { expiresAt, reuseUntil } = lookup.grant
    if (expiresAt === null) return true
    return reuseUntil !== undefined && this.clock.now() < reuseUntil
  }
}
