import type { AccountSummary, AccountsState } from '@shared/domain/account'
import type {
  EndpointSettings,
  EndpointSettingsStore,
  ScriptAccountSource,
  TokenGrant,
  TokenLookup
} from '../../src/main/endpoint/ports'

export class MemorySettingsStore implements EndpointSettingsStore {
  constructor(private settings: EndpointSettings = { enabled: false, port: null }) {}
  read(): EndpointSettings {
    return { ...this.settings }
  }
  write(settings: EndpointSettings): void {
    this.settings = { ...settings }
  }
}

export type StoredToken = Omit<TokenGrant, 'handle' | 'apiBaseUrl'>

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
        apiBaseUrl: account.apiBaseUrl
      }
    }
  }
}
