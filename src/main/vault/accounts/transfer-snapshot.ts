import type { ClientRegistration } from '../../client-registration'
import { orderedAccounts } from './account-mapping'
import type { VaultState } from '../vault-state'

/**
 * The vault's accounts and app registrations with their secrets opened, for an encrypted export
 * (and for a restore to compare with). Main process only: this never crosses IPC. Nothing
 * machine-bound is in it: no sealed envelopes, no cipher backend, no settings.
 */
export interface TransferSnapshot {
  activeAccountId: string | null
  instances: Array<{
    apiBaseUrl: string
    software?: string
    version?: string
    currentClientId?: string
    apps: ClientRegistration[]
  }>
  accounts: TransferAccount[]
  /** Accounts whose token this computer's keychain cannot open: they cannot be exported. */
  unreadable: string[]
}

export interface TransferAccount {
  id: string
  apiBaseUrl: string
  label?: string
  position: number
  createdAt: number
  status: string
  scopes: string[]
  token: {
    accessToken: string
    refreshToken?: string
    tokenType: string
    expiresAt?: number
    issuedAt: number
    clientId?: string
  }
}

export function transferSnapshot(state: VaultState): TransferSnapshot {
  const doc = state.doc
  const accounts: TransferAccount[] = []
  const unreadable: string[] = []
  for (const r of orderedAccounts(doc)) {
    const accessToken = state.tryOpen(r.token.accessToken)
    const sealedRefresh = r.token.refreshToken
    const refreshToken = sealedRefresh === undefined ? undefined : state.tryOpen(sealedRefresh)
    if (accessToken === undefined || (sealedRefresh !== undefined && refreshToken === undefined)) {
      unreadable.push(r.id)
      continue
    }
    accounts.push({
      id: r.id,
      apiBaseUrl: r.apiBaseUrl,
      label: r.label,
      position: r.position,
      createdAt: r.createdAt,
      status: r.status,
      scopes: [...r.scopes],
      token: {
        accessToken,
        ...(refreshToken ? { refreshToken } : {}),
        tokenType: r.token.tokenType,
        expiresAt: r.token.expiresAt,
        issuedAt: r.token.issuedAt,
        clientId: r.token.clientId
      }
    })
  }
  const instances = Object.entries(doc.instances).map(([host, instance]) => ({
    apiBaseUrl: instance.apiBaseUrl,
    software: instance.software,
    version: instance.version,
    currentClientId: instance.currentClientId,
    apps: Object.keys(instance.apps).flatMap((clientId) => {
      const app = state.openApp(host, clientId)
      return app ? [app] : []
    })
  }))
  return { activeAccountId: doc.activeAccountId, instances, accounts, unreadable }
}
