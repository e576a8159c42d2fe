import type {
  AccountProfile,
  AccountStatus,
  AccountsState,
  RemoveResult
} from '../../shared/domain/account'
import type { Notice } from '../../shared/domain/notice'
import type { StorageInfo } from '../../shared/domain/settings'
import { orderedAccounts, toProfile } from './account-mapping'
import type { ScriptKeyStorage } from '../script-keys/record'
import { createAppRegistry, type AppRegistry } from './app-registry'
import { removedTokenOutcome, revocableHere } from './token-outcome'
import { VaultError } from './errors'
import { nextActiveAfterRemoval, REFRESH_MARGIN_MS, reorderIds } from './lifecycle-rules'
import { openDocument } from './storage/open-document'
import {
  failureKind,
  silentLogger,
  systemClock,
  type AccountServer,
  type Clock,
  type DocumentStore,
  type SecretCipher,
  type VaultLogger
} from './ports'
import { Reverification, detailOf } from './reverification'
import {
  checkScriptAccessSeal,
  scriptAccessSealHolds,
  sealScriptAccess
} from './secrets/script-access-seal'
import { encryptionUnavailable } from './secrets/secret-envelope'
import { cipherBackendNotice, encryptPlaintextSecrets } from './secrets/secret-upkeep'
import { createScriptKeyRecords } from './script-key-records'
import {
  vaultSettingsSchema,
  type AccountRecord,
  type InstanceRecord,
  type VaultDocument,
  type VaultSettings
} from './storage/store-schema'
import { checkVerifiedSignIn, type VerifiedSignInInput } from './verified-sign-in'
import { VaultEvents, type VaultEventMap } from './vault-state'
import { VaultState } from './vault-state'
import { transferSnapshot, type TransferSnapshot } from './transfer-snapshot'

export type { AppRegistry } from './app-registry'

export interface AccountVaultOptions {
  store: DocumentStore
  cipher: SecretCipher
  server: AccountServer
  clock?: Clock
  log?: VaultLogger
  /** Simultaneous re-verifications per API host (default 6, a browser's per-host limit). */
  perHostConcurrency?: number
  refreshMarginMs?: number
}

/** What the script endpoint hands out. The only vault answer that carries a secret. */
export interface AccessTokenGrant {
  token: string
  tokenType: string
  scope: string
  instanceUrl: string
  handle: string
  expiresAt: number | null
  status: AccountStatus
  /** NodeInfo's name for the server software, and the client API the token is for. */
  software: string
  api: 'mastodon' | 'misskey'
}

export type SettingsPatch = {
  /** `port: null` clears a fixed port (the endpoint then picks a free one). */
  scriptAccess?: { enabled?: boolean; port?: number | null }
  allowPlaintextSecrets?: boolean
  closeToTray?: boolean
}

/**
 * The account vault: multi-account storage with sealed secrets and the account lifecycle
 * (add, remove, switch, rename, reorder, re-verify), pushing every change as an event.
 * The document and its commits live in VaultState; re-verification and refresh in Reverification.
 */
export class AccountVault {
  /** For the engine's SignInFlows: app registrations per server, client secrets sealed. */
  readonly apps: AppRegistry
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
      log.error('vault: event listener failed', {
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
    this.apps = createAppRegistry(state)
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
   * Saves a verified sign-in and makes it the active account. Signing in again to an account
   * already here replaces its token (label, position and creation time stay) and revokes the
   * superseded token on the server. `transfer` (import, restore) changes three things: the
   * account becomes active only when none is, nothing is revoked, and the issuing app does not
   * become the one new sign-ins use (another tool's app may lack Fedivault's redirect URIs).
   * `label` names a new account (a restore brings its label along).
   */
  async add(
    verified: VerifiedSignInInput,
    options: { transfer?: boolean; label?: string } = {}
  ): Promise<AccountProfile> {
    const transfer = options.transfer === true
    const input = checkVerifiedSignIn(verified)
    this.#state.assertWritable()
    if (!this.#state.canSeal()) throw encryptionUnavailable(this.#state.cipher)

    const previous = this.#state.doc.accounts[input.id]
    const superseded = previous && this.#state.tryOpen(previous.token.accessToken)
    // Opened now: once the new token is saved, nothing may need the old token's app any more.
    const supersededApp = superseded ? this.#state.appFor(previous) : undefined
    const now = this.#state.clock.now()
    // Misskey sign-ins register no app: nothing to keep, and the server's current app stays.
    const issuer = input.app?.clientId
    const sealedApp =
      !input.app || this.#state.doc.instances[input.instanceHost]?.apps[input.app.clientId]
        ? undefined
        : this.#state.sealApp(input.app)
    this.#state.commit((doc) => {
      const instance: InstanceRecord = doc.instances[input.instanceHost] ?? {
        apiBaseUrl: input.apiBaseUrl,
        apps: {}
      }
      instance.apiBaseUrl = input.apiBaseUrl
      instance.software = input.instance.software
      instance.version = input.instance.version
      instance.capabilities = input.instance.capabilities ?? instance.capabilities
      instance.discoveredAt = input.instance.discoveredAt ?? now
      // The issuing app is kept for as long as this token is; the latest sign-in's app is current.
      if (sealedApp && issuer) instance.apps[issuer] = sealedApp
      if (issuer && !transfer) instance.currentClientId = issuer
      doc.instances[input.instanceHost] = instance

      const existing = doc.accounts[input.id]
      doc.accounts[input.id] = {
        id: input.id,
        username: input.username,
        domain: input.domain,
        apiBaseUrl: input.apiBaseUrl,
        instanceHost: input.instanceHost,
        api: input.api,
        profile: input.snapshot,
        scopes: input.scopes,
        token: this.#state.sealTokens(input.tokens, issuer),
        createdAt: existing?.createdAt ?? now,
        lastVerifiedAt: now,
        status: 'ok',
        label: existing?.label ?? options.label,
        position: existing?.position ?? Object.keys(doc.accounts).length
      }
      if (!transfer || doc.activeAccountId === null) doc.activeAccountId = input.id
    })
    this.#state.log.info('vault: account saved', {
      account: input.id,
      replaced: previous !== undefined
    })

    // Mastodon reuses a live token for the same app and scopes: then there is nothing to revoke.
    if (superseded && superseded !== input.tokens.accessToken && !transfer) {
      if (supersededApp) {
        await this.#server
          .revokeToken(input.apiBaseUrl, supersededApp, superseded)
          .catch((error: unknown) =>
            this.#state.log.warn('vault: superseded token not revoked', {
              account: input.id,
              failure: failureKind(error)
            })
          )
      } else if (revocableHere(previous)) {
        // The vault no longer holds the app that issued the old token (a store migrated after it
        // was lost, or a secret the keychain cannot open): nothing here can revoke it.
        this.#state.log.info('vault: superseded token belonged to an app no longer held', {
          account: input.id
        })
      }
    }
    return this.get(input.id)
  }

  /**
   * Revokes the account's token on the server, then forgets the account. If revocation fails the
   * account is kept as `pending_removal` (retry, or pass `force` to forget it without revoking).
   */
  async remove(id: string, options: { force?: boolean } = {}): Promise<RemoveResult> {
    const record = this.#state.record(id)
    this.#state.assertWritable()
    if (!options.force && revocableHere(record)) {
      const failure = await this.#revoke(record)
      if (failure) {
        this.#state.commit((doc) => {
          const r = doc.accounts[id]
          if (!r) return
          r.status = 'pending_removal'
          r.statusReason = failure
          // The person asked for this account to go: stop handing it out as the active one.
          if (doc.activeAccountId === id) {
            const others = orderedAccounts(doc).filter((a) => a.status !== 'pending_removal')
            doc.activeAccountId = others[0]?.id ?? null
          }
        })
        this.#state.log.warn('vault: revocation failed, account kept for removal', { account: id })
        return { removed: false, reason: failure, state: this.list() }
      }
    }
    // A sign-in to the same account while the revocation was in flight brought a new token: keep it.
    if (this.#state.doc.accounts[id]?.token.accessToken !== record.token.accessToken) {
      return {
        removed: false,
        reason: 'You signed in to this account again while it was being removed.',
        state: this.list()
      }
    }
    this.#state.commit((doc) => {
      const ids = orderedAccounts(doc).map((a) => a.id)
      const usable = ids.filter((x) => x === id || doc.accounts[x]?.status !== 'pending_removal')
      doc.activeAccountId = nextActiveAfterRemoval(usable, id, doc.activeAccountId)
      delete doc.accounts[id]
      renumber(doc)
    })
    this.#state.log.info('vault: account removed', { account: id, forced: options.force === true })
    return {
      removed: true,
      token: removedTokenOutcome(record, options.force === true),
      state: this.list()
    }
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
    if ((await this.#reverification.refreshIfDue(accountId)) === 'refreshed') {
      record = this.#state.record(accountId)
    }
    return {
      token: this.#state.open(record.token.accessToken),
      tokenType: record.token.tokenType,
      scope: record.scopes.join(' '),
      instanceUrl: record.apiBaseUrl,
      handle: record.id,
      expiresAt: record.token.expiresAt ?? null,
      status: record.status,
      software: this.#state.doc.instances[record.instanceHost]?.software ?? 'unknown',
      api: record.api ?? 'mastodon'
    }
  }

  updateSettings(patch: SettingsPatch): VaultSettings {
    this.#state.assertWritable()
    const current = this.#state.doc.settings
    const { port, ...scriptAccess } = patch.scriptAccess ?? {}
    const next = vaultSettingsSchema.safeParse({
      scriptAccess: {
        ...current.scriptAccess,
        ...scriptAccess,
        ...(port === undefined ? {} : { port: port ?? undefined })
      },
      allowPlaintextSecrets: patch.allowPlaintextSecrets ?? current.allowPlaintextSecrets,
      closeToTray: patch.closeToTray ?? current.closeToTray
    })
    if (!next.success) throw new VaultError('invalid_settings', 'Those settings are not valid.')
    if (!next.data.allowPlaintextSecrets && this.#state.hasPlaintextSecrets()) {
      throw new VaultError(
        'plaintext_secrets_present',
        'Some sign-ins are saved without encryption. Remove those accounts (or make a keychain ' +
          'available and restart) before turning plaintext storage off.'
      )
    }
    // Switching script access on, or changing its port while on, seals the new state; an intact
    // seal for the same state is kept; switching off drops it.
    const policy = { cipher: this.#state.cipher, allowPlaintext: next.data.allowPlaintextSecrets }
    const unchanged = { ...next.data, scriptAccessSeal: current.scriptAccessSeal }
    const settings = scriptAccessSealHolds(unchanged, this.#state.cipher)
      ? unchanged
      : { ...next.data, scriptAccessSeal: sealScriptAccess(next.data.scriptAccess, policy) }
    if (!settings.scriptAccess.enabled) delete settings.scriptAccessSeal
    this.#state.commit((doc) => void (doc.settings = settings), { accountsChanged: false })
    this.#state.events.emit('settings', this.getSettings())
    return this.getSettings()
  }

  // ── internals ─────────────────────────────────────────────────────────────────────────────

  /** Undefined when revoked (or already invalid); otherwise why the account must be kept. */
  async #revoke(record: AccountRecord): Promise<string | undefined> {
    let token: string
    try {
      token = this.#state.open(record.token.accessToken)
    } catch (error) {
      return `${errorMessage(error)} The token cannot be revoked; remove the account anyway to forget it.`
    }
    const app = this.#state.appFor(record)
    if (!app) {
      return 'Fedivault no longer has the app registration that issued this sign-in, so it cannot revoke it. Remove anyway, then revoke it in the server’s settings.'
    }
    try {
      await this.#server.revokeToken(record.apiBaseUrl, app, token)
      return undefined
    } catch (error) {
      const kind = failureKind(error)
      // The server already refuses the token: nothing is left to revoke.
      if (kind === 'rejected_token') return undefined
      if (kind === 'rejected_client') {
        return 'The server no longer knows Fedivault’s app registration, so it cannot revoke this sign-in. Remove anyway, then check the authorised apps in your account settings there.'
      }
      return kind === 'unreachable'
        ? 'The server could not be reached to revoke the sign-in. Try again later, or remove anyway.'
        : `The server did not revoke the sign-in (${detailOf(error) ?? kind}). Try again, or remove anyway.`
    }
  }
}

function renumber(doc: VaultDocument): void {
  orderedAccounts(doc).forEach((r, i) => void (r.position = i))
}

function errorMessage(error: unknown): string {
  return error instanceof VaultError ? error.message : 'The saved sign-in could not be read.'
}
