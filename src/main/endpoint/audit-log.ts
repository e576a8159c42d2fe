import type { AccountSummary, AccountsState } from '@shared/domain/account'
import type { AuditEntry } from '@shared/domain/settings'
import type {
  AuditLogStore,
  EndpointSettings,
  EndpointSettingsStore,
  ScriptAccountSource,
  TokenGrant,
  TokenLookup
} from './ports'

/** Keeps the last `capacity` entries; Settings shows recent activity, not a full history. */
export class MemoryAuditLog implements AuditLogStore {
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

export class MemorySettingsStore implements EndpointSettingsStore {
  constructor(private settings: EndpointSettings = { enabled: false, port: null }) {}
  read(): EndpointSettings {
    return { ...this.settings }
  }
  write(settings: EndpointSettings): void {
    this.settings = { ...settings }
  }
}

export type StoredToken = Omit<TokenGrant, 'handle' | 'instanceUrl'>

/** Accounts and tokens held in memory, with the vault's rules for which token a script gets. */
export class MemoryAccountSource implements ScriptAccountSource {
  constructor(
    public accounts: AccountSummary[],
    public tokens: Record<string, StoredToken>
  ) {}

  listAccounts(): AccountsState {
    const active = this.accounts.find((account) => account.active)
    return { accounts: [...this.accounts], activeAccountId: active?.id ?? null }
  }

  tokenFor(handle?: string): TokenLookup {
    const account =
      handle === undefined
        ? this.accounts.find((candidate) => candidate.active)
        : this.accounts.find((candidate) => candidate.id === handle)
    if (!account)
      return { ok: false, error: handle === undefined ? 'no_active_account' : 'unknown_account' }
    const token = this.tokens[account.id]
    if (account.status === 'needs_reauth' || !token) return { ok: false, error: 'needs_reauth' }
    return {
      ok: true,
      grant: {
        software: account.software,
        api: account.api ?? 'mastodon',
        ...token,
        handle: account.id,
        instanceUrl: account.instanceUrl
      }
    }
  }
}
