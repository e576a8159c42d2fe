import { silentLogger, type Logger } from '../logging/logger'
import type { AccountProfile, AccountsState, RemoveResult } from '@shared/domain/account'
import type { Notice } from '@shared/domain/notice'
import type { StorageInfo } from '@shared/domain/settings'
import { orderedAccounts, toProfile } from './accounts/account-mapping'
import type { ScriptKeyStorage } from '../script-keys/record'
import { createClientRegistry, type ClientRegistry } from './client-registrations'
import { VaultError } from './errors'
import { accessTokenGrant, type AccessTokenGrant } from './tokens/access-token-grant'

import { REFRESH_MARGIN_MS, reorderIds } from './accounts/lifecycle-rules'
import {
  systemClock,
  type AccountServer,
  type Clock,
  type DocumentStore,
  type SecretCipher
} from './ports'
import { removeAccount } from './accounts/removal'
import { Reverification } from './tokens/reverification'
import { saveSignIn, type SaveOptions } from './accounts/save-sign-in'
import { checkScriptAccessSeal } from './settings/script-access-seal'
import { cipherBackendNotice, encryptPlaintextSecrets } from './secrets/secret-upkeep'
import { applySettingsPatch, type SettingsPatch } from './settings/settings-update'
import { openDocument } from './storage/open-document'
import type { VaultSettings } from './storage/store-schema'
import type { VerifiedSignInInput } from './accounts/verified-sign-in'
import { VaultEvents, VaultState, type VaultEventMap } from './vault-state'
import { createScriptKeyRecords } from './script-key-records'
import { transferSnapshot, type TransferSnapshot } from './accounts/transfer-snapshot'

export type { ClientRegistry } from './client-registrations'
export type { SettingsPatch } from './settings/settings-update'

export interface AccountVaultOptions {
  store: DocumentStore
  cipher: SecretCipher
  server: AccountServer
  clock?: Clock
  log?: Logger
  /** Simultaneous re-verifications per API host (default 6, a browser's per-host limit). */
  perHostConcurrency?: number
  refreshMarginMs?: number
}

/**
 * The account vault: multi-account storage with sealed secrets and the account lifecycle
 * (add, remove, switch, rename, reorder, re-verify), pushing every change as an event.
 * The document and its commits live in VaultState; re-verification and refresh in Reverification.
 */
export class AccountVault {
  /** For the engine's SignInFlows: app registrations per server, client secrets sealed. */
  readonly apps: ClientRegistry
  /** For the script-key registry: key hashes and settings, kept in the document. */
  readonly scriptKeys: ScriptKeyStorage
  readonly #state: VaultState
  readonly #server: AccountServer
  readonly #reverification: Reverification
  readonly #notices: Notice[]
  /** Script access was left on without a valid seal in a store that cannot be changed. */
  readonly #scriptAccessVoid: boolean
  #reverifying: Promise<AccountsState> | undefined

  static open(options: AccountVaultOptions): AccountVault {
    const clock = options.clock ?? systemClock
    const log = options.log ?? silentLogger
    const opened = openDocument(options.store, clock.now(), log)
    const events = new VaultEvents((error) =>
      log.error('event listener failed', {
        error: error instanceof Error ? error.name : typeof error
      })
    )
    const state = new VaultState(opened.document, {
      store: options.store,
      cipher: options.cipher,
      clock,
      log,
      events,
      readOnly: opened.readOnlyReason
    })
    return new AccountVault(state, options, opened.notices)
  }

  private constructor(state: VaultState, options: AccountVaultOptions, notices: Notice[]) {
    this.#state = state
    this.#server = options.server
    this.#reverification = new Reverification(
      state,
      options.server,
      options.perHostConcurrency ?? 6,
      options.refreshMarginMs ?? REFRESH_MARGIN_MS
    )
    this.apps = createClientRegistry(state)
    this.scriptKeys = createScriptKeyRecords(state)
    this.#notices = notices
    const scriptAccessReset = checkScriptAccessSeal(state)
    this.#scriptAccessVoid = scriptAccessReset !== undefined && state.readOnly !== undefined
    for (const notice of [
      scriptAccessReset,
      cipherBackendNotice(state),
      encryptPlaintextSecrets(state)
    ]) {
      if (notice) this.#notices.push(notice)
    }
  }

  // ── reading ────────────────────────────────────────────────────────────────────────────────

  /** Things to tell the person at start-up (a store moved aside, migrated, or read-only). */
  get notices(): readonly Notice[] {
    return this.#notices
  }

  get readOnly(): boolean {
    return this.#state.readOnly !== undefined
  }

  on<K extends keyof VaultEventMap>(
    event: K,
    listener: (payload: VaultEventMap[K]) => void
  ): () => void {
    return this.#state.events.on(event, listener)
  }

  list(): AccountsState {
    return this.#state.list()
  }

  get(id: string): AccountProfile {
    const record = this.#state.record(id)
    const doc = this.#state.doc
    return toProfile(record, doc.instances[record.instanceHost], doc.activeAccountId)
  }

  storageInfo(): StorageInfo {
    const cipher = this.#state.cipher
    const encrypted = cipher.isAvailable()
    const optIn = this.#state.doc.settings.allowPlaintextSecrets
    return {
      backend: cipher.backend,
      description: encrypted
        ? cipher.description
        : optIn
          ? 'Not encrypted: saved in plain text, as allowed in Settings'
          : `${cipher.description}: unavailable, so sign-ins cannot be saved`,
      protectedByOs: encrypted && cipher.protectedByOs,
      canSaveSecrets: this.#state.canSeal(),
      plaintextOptIn: optIn,
      location: this.#state.store.location
    }
  }

  /**
   * The settings, seal left out. Script access reads as on only when its seal held at open (see
   * script-access-seal.ts); every later change goes through {@link updateSettings}.
   */
  getSettings(): VaultSettings {
    const { scriptAccessSeal: _seal, ...settings } = structuredClone(this.#state.doc.settings)
    if (this.#scriptAccessVoid) settings.scriptAccess.enabled = false
    return settings
  }

  /** Secrets opened, for an encrypted export or a restore's comparison: never send it over IPC. */
  transferSnapshot(): TransferSnapshot {
    return transferSnapshot(this.#state)
  }

  // ── lifecycle ──────────────────────────────────────────────────────────────────────────────

  /**
   * Saves a verified sign-in; it becomes the active account only when none is. Signing in again
   * to an account already here replaces its token (label, position and creation time stay) and
   * revokes the superseded token on the server. `transfer` (import, restore) changes two things:
   * nothing is revoked, and the issuing app does not become the one new sign-ins use (another
   * tool's app may lack Fedivault's redirect URIs).
   * `label` names a new account (a restore brings its label along).
   */
  async add(verified: VerifiedSignInInput, options: SaveOptions = {}): Promise<AccountProfile> {
    const id = await saveSignIn(this.#state, this.#server, verified, options)
    return this.get(id)
  }

  /**
   * Revokes the account's token on the server, then forgets the account. If revocation fails the
   * account is kept as `pending_removal` (retry, or pass `force` to forget it without revoking).
   */
  async remove(id: string, options: { force?: boolean } = {}): Promise<RemoveResult> {
    const removed = await removeAccount(this.#state, this.#server, id, options)
    return { ...removed, state: this.list() }
  }

  switch(id: string): AccountsState {
    const record = this.#state.record(id)
    if (record.status === 'pending_removal') {
      throw new VaultError('pending_removal', `${id} is being removed; retry or force the removal.`)
    }
    this.#state.assertWritable()
    if (this.#state.doc.activeAccountId !== id)
      this.#state.commit((doc) => void (doc.activeAccountId = id))
    return this.list()
  }

  rename(id: string, label: string): AccountsState {
    this.#state.record(id)
    this.#state.assertWritable()
    const clean = label.trim().slice(0, 80)
    this.#state.commit((doc) => {
      doc.accounts[id]!.label = clean === '' ? undefined : clean
    })
    return this.list()
  }

  reorder(ids: readonly string[]): AccountsState {
    this.#state.assertWritable()
    const order = reorderIds(
      orderedAccounts(this.#state.doc).map((a) => a.id),
      ids
    )
    this.#state.commit((doc) => {
      order.forEach((id, position) => void (doc.accounts[id]!.position = position))
    })
    return this.list()
  }

  /**
   * Re-checks every account (except those being removed) with its server: all servers at once,
   * at most `perHostConcurrency` requests per server. One write and one event at the end.
   * Concurrent calls share the run in progress.
   */
  reverifyAll(): Promise<AccountsState> {
    this.#reverifying ??= this.#reverification.run(orderedAccounts(this.#state.doc)).finally(() => {
      this.#reverifying = undefined
    })
    return this.#reverifying
  }

  async reverify(id: string): Promise<AccountsState> {
    return this.#reverification.run([this.#state.record(id)])
  }

  /**
   * The token for the script endpoint (main process only; never send it over IPC). Defaults to
   * the active account; refreshes first when the token is about to expire.
   */
  async getAccessToken(id?: string): Promise<AccessTokenGrant> {
    const accountId = id ?? this.#state.doc.activeAccountId
    if (!accountId) throw new VaultError('no_active_account', 'No account is active.')
    let record = this.#state.record(accountId)
    if (record.status === 'pending_removal') {
      throw new VaultError('pending_removal', `${accountId} is being removed.`)
    }
    if ((await this.#reverification.refreshIfDueForScript(accountId)) === 'refreshed') {
      record = this.#state.record(accountId)
    }
    return accessTokenGrant(this.#state, record, this.#reverification.refreshMarginMs)
  }

  updateSettings(patch: SettingsPatch): VaultSettings {
    applySettingsPatch(this.#state, patch)
    this.#state.events.emit('settings', this.getSettings())
    return this.getSettings()
  }
}
