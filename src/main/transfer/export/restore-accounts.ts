import type { AccountsState } from '@shared/domain/account'
import type { RestoreReport } from '@shared/domain/transfer'
import type { ClientRegistration, TransferSnapshot, VerifiedSignInInput } from '../../vault'
import { whyNotVerified, type AccountChecker } from '../account-check'
import type { TransferVault } from '../import/import-accounts'
import type { ExportedAccount, ExportPayload } from './payload'

export interface RestoreVault extends TransferVault {
  transferSnapshot(): TransferSnapshot
  switch(id: string): AccountsState
  apps: {
    get(apiBaseUrl: string): Promise<ClientRegistration | undefined>
    put(apiBaseUrl: string, app: ClientRegistration): Promise<void>
  }
}

type Item = RestoreReport['items'][number]

/**
 * Merges an export into this computer's vault. Every account the export would add or change is
 * verified with its server first. A sign-in here that is at least as new as the export's stays;
 * nothing is revoked (the older token may still be in use on the other computer).
 */
export async function restoreAccounts(
  payload: ExportPayload,
  deps: { vault: RestoreVault; checker: AccountChecker }
): Promise<RestoreReport> {
  const { vault } = deps
  const local = vault.transferSnapshot()
  const hadActive = vault.list().activeAccountId !== null
  const items: Item[] = []
  const ordered = [...payload.accounts].sort((a, b) => a.position - b.position)
  for (const exported of ordered) {
    items.push(await restoreOne(exported, payload, local, deps))
  }

  // App registrations new sign-ins use, where this computer has none for that server yet.
  for (const instance of payload.instances) {
    const current = instance.apps.find((a) => a.clientId === instance.currentClientId)
    if (current && !(await vault.apps.get(instance.apiBaseUrl))) {
      await vault.apps.put(instance.apiBaseUrl, current)
    }
  }
  const active = payload.activeAccountId
  if (!hadActive && active && items.some((i) => i.handle === active && i.outcome !== 'failed')) {
    vault.switch(active)
  }
  return { exportedAt: payload.exportedAt, items }
}

async function restoreOne(
  exported: ExportedAccount,
  payload: ExportPayload,
  local: TransferSnapshot,
  { vault, checker }: { vault: RestoreVault; checker: AccountChecker }
): Promise<Item> {
  const handle = exported.id
  const here = local.accounts.find((a) => a.id === handle)
  const brokenHere = local.unreadable.includes(handle) || here?.status === 'needs_reauth'
  if (here && here.token.accessToken === exported.token.accessToken) {
    return { handle, outcome: 'already_present', reason: 'The same sign-in is already here.' }
  }
  if (here && !brokenHere && here.token.issuedAt >= exported.token.issuedAt) {
    return {
      handle,
      outcome: 'kept_newer_here',
      reason: `The sign-in on this computer (${day(here.token.issuedAt)}) is newer than the export's (${day(exported.token.issuedAt)}), so it was kept.`
    }
  }
  const app = payload.instances
    .find((i) => i.apiBaseUrl === exported.apiBaseUrl)
    ?.apps.find((a) => a.clientId === exported.token.clientId)
  if (!app) {
    return {
      handle,
      outcome: 'failed',
      reason: 'The export lacks the app registration that issued this sign-in. Sign in again.'
    }
  }
  const secrets = [exported.token.accessToken, exported.token.refreshToken ?? '', app.clientSecret]
  try {
    const checked = await checker.check(exported.apiBaseUrl, exported.token.accessToken)
    if (checked.handle.toLowerCase() !== handle) {
      return {
        handle,
        outcome: 'failed',
        reason: `The server says this sign-in now belongs to ${checked.handle}; it was not restored.`
      }
    }
    await vault.add(toSignIn(exported, app, checked), { transfer: true, label: exported.label })
  } catch (error) {
    const reason = isVaultRefusal(error) ? error.message : whyNotVerified(error, secrets)
    return {
      handle,
      outcome: 'failed',
      reason: here ? `${reason} The sign-in here was kept.` : reason
    }
  }
  if (!here && !brokenHere) return { handle, outcome: 'added' }
  return {
    handle,
    outcome: 'replaced_older',
    reason: brokenHere
      ? "This computer's sign-in no longer worked; the export's replaced it."
      : `Replaced this computer's older sign-in (${day(here!.token.issuedAt)}) with the export's (${day(exported.token.issuedAt)}). The older one was not revoked.`
  }
}

function toSignIn(
  exported: ExportedAccount,
  app: ClientRegistration,
  checked: Awaited<ReturnType<AccountChecker['check']>>
): VerifiedSignInInput {
  const t = exported.token
  return {
    apiBaseUrl: checked.apiBaseUrl,
    handle: checked.handle,
    account: checked.account,
    tokens: {
      accessToken: t.accessToken,
      tokenType: t.tokenType,
      scope: [...exported.scopes],
      refreshToken: t.refreshToken,
      expiresAt: t.expiresAt,
      createdAt: t.issuedAt
    },
    app,
    instance: checked.instance as unknown as VerifiedSignInInput['instance']
  }
}

function isVaultRefusal(error: unknown): error is Error & { code: string } {
  return error instanceof Error && error.name === 'VaultError'
}

function day(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC'
}
