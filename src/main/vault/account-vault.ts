import type { AccountProfile, AccountStatus, AccountsState } from '../../shared/domain/account'
import type { StorageInfo } from '../../shared/domain/settings'
import type { Notice, RemoveResult } from '../../shared/ipc/contract'
import { orderedAccounts, parseServerAccount, toAccountsState, toProfile } from './account-mapping'
import { forEachGrouped } from './bounded-concurrency'
import {
  EngineFailure,
  failureKind,
  type AccountServer,
  type ClientApp,
  type IssuedTokens
} from './engine-port'
import { VaultError } from './errors'
import {
  nextActiveAfterRemoval,
  REFRESH_MARGIN_MS,
  reorderIds,
  shouldRefresh,
  statusAfterFailure,
  type StatusChange
} from './lifecycle-rules'
import { openDocument } from './open-document'
import {
  silentLogger,
  systemClock,
  type Clock,
  type DocumentStore,
  type SecretCipher,
  type VaultLogger
} from './ports'
import {
  canSeal,
  encryptionUnavailable,
  isPlaintext,
  openSecret,
  sealSecret
} from './secret-envelope'
import {
  vaultSettingsSchema,
  type AccountRecord,
  type InstanceRecord,
  type StoredToken,
  type VaultDocument,
  type VaultSettings
} from './store-schema'
import { checkVerifiedSignIn, hostOf, type VerifiedSignInInput } from './verified-sign-in'
import { VaultEvents, type VaultEventMap } from './vault-events'

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

/** The engine's AppRegistry, backed by the vault's `instances` (client secrets sealed). */
export interface AppRegistry {
  get(apiBaseUrl: string): Promise<ClientApp | undefined>
  put(apiBaseUrl: string, app: ClientApp): Promise<void>
  forget(apiBaseUrl: string): Promise<void>
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
}

type RefreshOutcome = 'refreshed' | 'rejected' | 'unreachable' | 'skipped'

type ReadOnlyReason = { code: 'store_from_newer_version' | 'store_read_only'; message: string }

export type SettingsPatch = {
  /** `port: null` clears a fixed port (the endpoint then picks a free one). */
  scriptAccess?: { enabled?: boolean; port?: number | null }
  allowPlaintextSecrets?: boolean
  closeToTray?: boolean
}

/**
 * The account vault: multi-account storage with sealed secrets and the account lifecycle.
 *
 * All state lives in one in-memory document that mirrors the file. Every change is made on a
 * copy, written atomically, and only then swapped in and announced, so memory never claims
 * something the disk does not hold. Server calls happen outside those commits; their results are
 * applied only if the account still holds the token that was checked.
 */
export class AccountVault {
  readonly apps: AppRegistry
  readonly #store: DocumentStore
  readonly #cipher: SecretCipher
  readonly #server: AccountServer
  readonly #clock: Clock
  readonly #log: VaultLogger
  readonly #perHost: number
  readonly #refreshMargin: number
  readonly #events: VaultEvents
  readonly #notices: Notice[]
  readonly #readOnly: ReadOnlyReason | undefined
  #doc: VaultDocument
  #reverifying: Promise<AccountsState> | undefined
  readonly #refreshing = new Map<string, Promise<RefreshOutcome>>()

  static open(options: AccountVaultOptions): AccountVault {
    const clock = options.clock ?? systemClock
    const log = options.log ?? silentLogger
    const opened = openDocument(options.store, clock.now(), log)
    return new AccountVault(options, opened.document, opened.notices, opened.readOnlyReason)
  }

  private constructor(
    options: AccountVaultOptions,
    document: VaultDocument,
    notices: Notice[],
    readOnly: ReadOnlyReason | undefined
  ) {
    this.#store = options.store
    this.#cipher = options.cipher
    this.#server = options.server
    this.#clock = options.clock ?? systemClock
    this.#log = options.log ?? silentLogger
    this.#perHost = options.perHostConcurrency ?? 6
    this.#refreshMargin = options.refreshMarginMs ?? REFRESH_MARGIN_MS
    this.#doc = document
    this.#notices = notices
    this.#readOnly = readOnly
    this.#events = new VaultEvents((error) =>
      this.#log.error('vault: event listener failed', { error: errorName(error) })
    )
    this.apps = {
      get: async (url) => this.#getApp(url),
      put: async (url, app) => this.#putApp(url, app),
      forget: async (url) => this.#forgetApp(url)
    }
    this.#checkCipherBackend()
    this.#upgradePlaintextSecrets()
  }

  // ── reading ────────────────────────────────────────────────────────────────────────────────

  /** Things to tell the person at start-up (a store moved aside, migrated, or read-only). */
  get notices(): readonly Notice[] {
    return this.#notices
  }

  get readOnly(): boolean {
    return this.#readOnly !== undefined
  }

  on<K extends keyof VaultEventMap>(
    event: K,
    listener: (payload: VaultEventMap[K]) => void
  ): () => void {
    return this.#events.on(event, listener)
  }

  list(): AccountsState {
    return toAccountsState(this.#doc)
  }

  get(id: string): AccountProfile {
    const record = this.#record(id)
    return toProfile(record, this.#doc.instances[record.instanceHost], this.#doc.activeAccountId)
  }

  storageInfo(): StorageInfo {
    const encrypted = this.#cipher.isAvailable()
    const optIn = this.#doc.settings.allowPlaintextSecrets
    return {
      backend: this.#cipher.backend,
      description: encrypted
        ? this.#cipher.description
        : optIn
          ? 'Not encrypted: saved in plain text, as allowed in Settings'
          : `${this.#cipher.description}: unavailable, so sign-ins cannot be saved`,
      protectedByOs: encrypted && this.#cipher.protectedByOs,
      canSaveSecrets: !this.readOnly && canSeal(this.#policy()),
      plaintextOptIn: optIn,
      location: this.#store.location
    }
  }

  getSettings(): VaultSettings {
    return structuredClone(this.#doc.settings)
  }

  // ── lifecycle ──────────────────────────────────────────────────────────────────────────────

  /**
   * Saves a verified sign-in and makes it the active account. Signing in again to an account
   * already here replaces its token (label, position and creation time stay) and revokes the
   * superseded token on the server.
   */
  async add(verified: VerifiedSignInInput): Promise<AccountProfile> {
    const input = checkVerifiedSignIn(verified)
    this.#assertWritable()
    if (!canSeal(this.#policy())) throw encryptionUnavailable(this.#cipher)

    const previous = this.#doc.accounts[input.id]
    const superseded = previous && this.#tryOpen(previous.token.accessToken)
    const now = this.#clock.now()
    this.#commit((doc) => {
      const instance: InstanceRecord = doc.instances[input.instanceHost] ?? {
        apiBaseUrl: input.apiBaseUrl
      }
      instance.apiBaseUrl = input.apiBaseUrl
      instance.software = input.instance.software
      instance.version = input.instance.version
      instance.capabilities = input.instance.capabilities ?? instance.capabilities
      instance.discoveredAt = input.instance.discoveredAt ?? now
      if (instance.app?.clientId !== input.app.clientId) instance.app = this.#sealApp(input.app)
      doc.instances[input.instanceHost] = instance

      const existing = doc.accounts[input.id]
      doc.accounts[input.id] = {
        id: input.id,
        username: input.username,
        domain: input.domain,
        apiBaseUrl: input.apiBaseUrl,
        instanceHost: input.instanceHost,
        profile: input.snapshot,
        scopes: input.scopes,
        token: this.#sealTokens(input.tokens, input.app.clientId),
        createdAt: existing?.createdAt ?? now,
        lastVerifiedAt: now,
        status: 'ok',
        label: existing?.label,
        position: existing?.position ?? Object.keys(doc.accounts).length
      }
      doc.activeAccountId = input.id
    })
    this.#log.info('vault: account saved', { account: input.id, replaced: previous !== undefined })

    // Mastodon reuses a live token for the same app and scopes: then there is nothing to revoke.
    if (superseded && superseded !== input.tokens.accessToken) {
      const app = previous.token.clientId === input.app.clientId ? input.app : undefined
      if (app) {
        await this.#server.revokeToken(input.apiBaseUrl, app, superseded).catch((error: unknown) =>
          this.#log.warn('vault: superseded token not revoked', {
            account: input.id,
            failure: failureKind(error)
          })
        )
      } else {
        // The old token's app was replaced (the server had forgotten it), so the server dropped
        // the old token with it, and we no longer hold the credentials to revoke it.
        this.#log.info('vault: superseded token belonged to a retired app', { account: input.id })
      }
    }
    return this.get(input.id)
  }

  /**
   * Revokes the account's token on the server, then forgets the account. If revocation fails the
   * account is kept as `pending_removal` (retry, or pass `force` to forget it without revoking).
   */
  async remove(id: string, options: { force?: boolean } = {}): Promise<RemoveResult> {
    const record = this.#record(id)
    this.#assertWritable()
    if (!options.force) {
      const failure = await this.#revoke(record)
      if (failure) {
        this.#commit((doc) => {
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
        this.#log.warn('vault: revocation failed, account kept for removal', { account: id })
        return { removed: false, reason: failure, state: this.list() }
      }
    }
    // A sign-in to the same account while the revocation was in flight brought a new token: keep it.
    if (this.#doc.accounts[id]?.token.accessToken !== record.token.accessToken) {
      return {
        removed: false,
        reason: 'You signed in to this account again while it was being removed.',
        state: this.list()
      }
    }
    this.#commit((doc) => {
      const ids = orderedAccounts(doc).map((a) => a.id)
      const usable = ids.filter((x) => x === id || doc.accounts[x]?.status !== 'pending_removal')
      doc.activeAccountId = nextActiveAfterRemoval(usable, id, doc.activeAccountId)
      delete doc.accounts[id]
      renumber(doc)
    })
    this.#log.info('vault: account removed', { account: id, forced: options.force === true })
    return { removed: true, state: this.list() }
  }

  switch(id: string): AccountsState {
    const record = this.#record(id)
    if (record.status === 'pending_removal') {
      throw new VaultError('pending_removal', `${id} is being removed; retry or force the removal.`)
    }
    this.#assertWritable()
    if (this.#doc.activeAccountId !== id) this.#commit((doc) => void (doc.activeAccountId = id))
    return this.list()
  }

  rename(id: string, label: string): AccountsState {
    this.#record(id)
    this.#assertWritable()
    const clean = label.trim().slice(0, 80)
    this.#commit((doc) => {
      doc.accounts[id]!.label = clean === '' ? undefined : clean
    })
    return this.list()
  }

  reorder(ids: readonly string[]): AccountsState {
    this.#assertWritable()
    const order = reorderIds(
      orderedAccounts(this.#doc).map((a) => a.id),
      ids
    )
    this.#commit((doc) => {
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
    this.#reverifying ??= this.#reverify(orderedAccounts(this.#doc)).finally(() => {
      this.#reverifying = undefined
    })
    return this.#reverifying
  }

  async reverify(id: string): Promise<AccountsState> {
    return this.#reverify([this.#record(id)])
  }

  /**
   * The token for the script endpoint (main process only; never send it over IPC). Defaults to
   * the active account; refreshes first when the token is about to expire.
   */
  async getAccessToken(id?: string): Promise<AccessTokenGrant> {
    const accountId = id ?? this.#doc.activeAccountId
    if (!accountId) throw new VaultError('no_active_account', 'No account is active.')
    let record = this.#record(accountId)
    if (record.status === 'pending_removal') {
      throw new VaultError('pending_removal', `${accountId} is being removed.`)
    }
    if (shouldRefresh(record.token, this.#clock.now(), this.#refreshMargin)) {
      await this.#refreshSingleFlight(accountId)
      record = this.#record(accountId)
    }
    return {
      token: openSecret(record.token.accessToken, this.#cipher),
      tokenType: record.token.tokenType,
      scope: record.scopes.join(' '),
      instanceUrl: record.apiBaseUrl,
      handle: record.id,
      expiresAt: record.token.expiresAt ?? null,
      status: record.status
    }
  }

  updateSettings(patch: SettingsPatch): VaultSettings {
    this.#assertWritable()
    const current = this.#doc.settings
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
    if (!next.data.allowPlaintextSecrets && this.#hasPlaintextSecrets()) {
      throw new VaultError(
        'plaintext_secrets_present',
        'Some sign-ins are saved without encryption. Remove those accounts (or make a keychain ' +
          'available and restart) before turning plaintext storage off.'
      )
    }
    this.#commit((doc) => void (doc.settings = next.data), { accountsChanged: false })
    this.#events.emit('settings', this.getSettings())
    return this.getSettings()
  }

  // ── re-verification and refresh ───────────────────────────────────────────────────────────

  async #reverify(records: AccountRecord[]): Promise<AccountsState> {
    this.#assertWritable()
    const updates = new Map<string, (r: AccountRecord) => void>()
    const candidates = records.filter((r) => r.status !== 'pending_removal')
    await forEachGrouped(
      candidates,
      (r) => r.instanceHost,
      this.#perHost,
      async (r) => {
        const update = await this.#verifyOne(r.id)
        if (update) updates.set(r.id, update)
      }
    )
    if (updates.size > 0) {
      this.#commit((doc) => {
        for (const [id, update] of updates) {
          const r = doc.accounts[id]
          if (r) update(r)
        }
      })
    }
    return this.list()
  }

  /** Verifies one account; returns the change to apply, guarded against a token swapped meanwhile. */
  async #verifyOne(id: string): Promise<((r: AccountRecord) => void) | undefined> {
    if (shouldRefresh(this.#record(id).token, this.#clock.now(), this.#refreshMargin)) {
      // A refused refresh already marked the account; its soon-to-lapse token proves nothing.
      if ((await this.#refreshSingleFlight(id)) === 'rejected') return undefined
    }
    const record = this.#doc.accounts[id]
    if (!record || record.status === 'pending_removal') return undefined
    const sealed = record.token.accessToken
    const sameToken = (fn: (r: AccountRecord) => void) => (r: AccountRecord) => {
      if (r.token.accessToken === sealed && r.status !== 'pending_removal') fn(r)
    }
    let token: string
    try {
      token = openSecret(sealed, this.#cipher)
    } catch (error) {
      const reason =
        error instanceof VaultError ? error.message : 'The saved sign-in could not be read.'
      return sameToken((r) =>
        setStatus(r, { status: 'needs_reauth', statusReason: reason, tokenRejected: true })
      )
    }
    try {
      const json = await this.#server.verifyCredentials(record.apiBaseUrl, token)
      const account = parseServerAccount(json)
      const now = this.#clock.now()
      if (!account || account.username.toLowerCase() !== record.username.toLowerCase()) {
        return sameToken((r) =>
          setStatus(r, {
            status: 'needs_reauth',
            statusReason: 'The saved sign-in now belongs to a different account. Sign in again.',
            tokenRejected: true
          })
        )
      }
      return sameToken((r) => {
        r.profile = account.snapshot
        r.lastVerifiedAt = now
        setStatus(r, { status: 'ok', tokenRejected: false })
      })
    } catch (error) {
      const change = statusAfterFailure(failureKind(error), detailOf(error))
      this.#log.info('vault: verification failed', { account: id, failure: failureKind(error) })
      return sameToken((r) => setStatus(r, change))
    }
  }

  /** One refresh per account at a time: a rotated refresh token can only be used once. */
  #refreshSingleFlight(id: string): Promise<RefreshOutcome> {
    let running = this.#refreshing.get(id)
    if (!running) {
      running = this.#refresh(id).finally(() => this.#refreshing.delete(id))
      this.#refreshing.set(id, running)
    }
    return running
  }

  async #refresh(id: string): Promise<RefreshOutcome> {
    const record = this.#doc.accounts[id]
    if (!record?.token.refreshToken || this.readOnly) return 'skipped'
    const sealed = record.token.accessToken
    const app = this.#appFor(record)
    let issued: IssuedTokens
    try {
      if (!app) throw new EngineFailure('rejected_client', 'no app registration for this server')
      const refreshToken = openSecret(record.token.refreshToken, this.#cipher)
      issued = await this.#server.refreshToken(record.apiBaseUrl, app, refreshToken, record.scopes)
    } catch (error) {
      const change =
        error instanceof VaultError
          ? { status: 'needs_reauth' as const, statusReason: error.message, tokenRejected: true }
          : statusAfterFailure(failureKind(error), detailOf(error))
      this.#log.info('vault: refresh failed', { account: id, failure: failureKind(error) })
      // Offline: keep using the current token until it really expires.
      if (change.tokenRejected) {
        this.#commit((doc) => {
          const r = doc.accounts[id]
          if (r && r.token.accessToken === sealed) setStatus(r, change)
        })
        return 'rejected'
      }
      return 'unreachable'
    }
    // Committed at once, not with the re-verify batch: the old refresh token may be dead already.
    this.#commit((doc) => {
      const r = doc.accounts[id]
      if (!r || r.token.accessToken !== sealed) return
      const keepRefresh = issued.refreshToken === undefined ? r.token.refreshToken : undefined
      r.token = {
        ...this.#sealTokens(issued, app.clientId),
        ...(keepRefresh ? { refreshToken: keepRefresh } : {})
      }
      if (issued.scope.trim()) r.scopes = issued.scope.split(/[\s,]+/).filter(Boolean)
    })
    this.#log.info('vault: token refreshed', { account: id })
    return 'refreshed'
  }

  /** Undefined when revoked (or already invalid); otherwise why the account must be kept. */
  async #revoke(record: AccountRecord): Promise<string | undefined> {
    let token: string
    try {
      token = openSecret(record.token.accessToken, this.#cipher)
    } catch (error) {
      return `${errorMessage(error)} The token cannot be revoked; remove the account anyway to forget it.`
    }
    const app = this.#appFor(record)
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

  // ── app registry ──────────────────────────────────────────────────────────────────────────

  #getApp(apiBaseUrl: string): ClientApp | undefined {
    const stored = this.#doc.instances[hostOf(apiBaseUrl)]?.app
    if (!stored) return undefined
    try {
      return { ...stored, clientSecret: openSecret(stored.clientSecret, this.#cipher) }
    } catch (error) {
      // Unreadable: let the engine register a fresh app, which put() then stores.
      this.#log.warn('vault: stored app secret unreadable', {
        host: hostOf(apiBaseUrl),
        error: errorName(error)
      })
      return undefined
    }
  }

  #putApp(apiBaseUrl: string, app: ClientApp): void {
    this.#assertWritable()
    const host = hostOf(apiBaseUrl)
    const sealed = this.#sealApp(app)
    this.#commit(
      (doc) => {
        const instance = doc.instances[host] ?? { apiBaseUrl: apiBaseUrl.replace(/\/+$/, '') }
        instance.app = sealed
        doc.instances[host] = instance
      },
      { accountsChanged: false }
    )
  }

  #forgetApp(apiBaseUrl: string): void {
    const host = hostOf(apiBaseUrl)
    if (!this.#doc.instances[host]?.app) return
    this.#assertWritable()
    this.#commit((doc) => void delete doc.instances[host]!.app, { accountsChanged: false })
  }

  #appFor(record: AccountRecord): ClientApp | undefined {
    const app = this.#getApp(record.apiBaseUrl)
    // A token can only be revoked or refreshed by the client it was issued to.
    if (!app || (record.token.clientId !== undefined && record.token.clientId !== app.clientId))
      return undefined
    return app
  }

  // ── internals ─────────────────────────────────────────────────────────────────────────────

  #commit(mutate: (doc: VaultDocument) => void, options: { accountsChanged?: boolean } = {}): void {
    this.#assertWritable()
    const next = structuredClone(this.#doc)
    mutate(next)
    if (!next.cipherBackend && [...this.#secrets(next)].some((s) => !isPlaintext(s))) {
      next.cipherBackend = this.#cipher.backend
    }
    this.#store.write(next)
    this.#doc = next
    if (options.accountsChanged !== false) this.#events.emit('changed', this.list())
  }

  #record(id: string): AccountRecord {
    const record = this.#doc.accounts[id] ?? this.#doc.accounts[id.toLowerCase().replace(/^@/, '')]
    if (!record) throw new VaultError('not_found', `There is no account ${id}.`)
    return record
  }

  #assertWritable(): void {
    if (this.#readOnly) throw new VaultError(this.#readOnly.code, this.#readOnly.message)
  }

  #policy() {
    return { cipher: this.#cipher, allowPlaintext: this.#doc.settings.allowPlaintextSecrets }
  }

  #seal(secret: string): string {
    return sealSecret(secret, this.#policy())
  }

  #sealTokens(tokens: IssuedTokens, clientId: string): StoredToken {
    return {
      tokenType: tokens.tokenType || 'Bearer',
      accessToken: this.#seal(tokens.accessToken),
      refreshToken: tokens.refreshToken ? this.#seal(tokens.refreshToken) : undefined,
      expiresAt: tokens.expiresAt,
      issuedAt: tokens.createdAt,
      clientId
    }
  }

  #sealApp(app: ClientApp) {
    return {
      clientId: app.clientId,
      clientSecret: this.#seal(app.clientSecret),
      redirectUris: app.redirectUris,
      scopes: app.scopes,
      registeredAt: app.registeredAt
    }
  }

  #tryOpen(sealed: string): string | undefined {
    try {
      return openSecret(sealed, this.#cipher)
    } catch {
      return undefined
    }
  }

  *#secrets(doc: VaultDocument): Generator<string> {
    for (const instance of Object.values(doc.instances))
      if (instance.app) yield instance.app.clientSecret
    for (const r of Object.values(doc.accounts)) {
      yield r.token.accessToken
      if (r.token.refreshToken) yield r.token.refreshToken
    }
  }

  #hasPlaintextSecrets(): boolean {
    for (const s of this.#secrets(this.#doc)) if (isPlaintext(s)) return true
    return false
  }

  /** Signal-style: a keychain backend change explains why every secret suddenly fails to open. */
  #checkCipherBackend(): void {
    const recorded = this.#doc.cipherBackend
    if (recorded && recorded !== this.#cipher.backend) {
      this.#log.warn('vault: cipher backend changed', { recorded, current: this.#cipher.backend })
      this.#notices.push({
        level: 'warning',
        code: 'cipher_backend_changed',
        message:
          `Your sign-ins were encrypted with ${recorded}, but this session uses ${this.#cipher.backend}. ` +
          'If accounts show “sign in again”, the original keychain is not reachable.'
      })
    }
  }

  /** Secrets saved in plaintext while no keychain existed are encrypted once one does. */
  #upgradePlaintextSecrets(): void {
    if (this.readOnly || !this.#cipher.isAvailable() || !this.#hasPlaintextSecrets()) return
    const upgrade = (s: string) => (isPlaintext(s) ? this.#seal(openSecret(s, this.#cipher)) : s)
    this.#commit((doc) => {
      for (const instance of Object.values(doc.instances)) {
        if (instance.app) instance.app.clientSecret = upgrade(instance.app.clientSecret)
      }
      for (const r of Object.values(doc.accounts)) {
        r.token.accessToken = upgrade(r.token.accessToken)
        if (r.token.refreshToken) r.token.refreshToken = upgrade(r.token.refreshToken)
      }
      doc.cipherBackend = this.#cipher.backend
    })
    this.#notices.push({
      level: 'info',
      code: 'secrets_encrypted',
      message: `Sign-ins saved in plain text are now encrypted with ${this.#cipher.description}.`
    })
  }
}

function setStatus(record: AccountRecord, change: StatusChange): void {
  // "Unreachable" says nothing new about a token the server has already refused.
  if (change.status === 'offline' && record.status === 'needs_reauth') return
  record.status = change.status
  record.statusReason = change.statusReason
}

function renumber(doc: VaultDocument): void {
  orderedAccounts(doc).forEach((r, i) => void (r.position = i))
}

/** A server message fit for a status line; the engine adapter never puts secrets in it. */
function detailOf(error: unknown): string | undefined {
  return error instanceof EngineFailure ? error.message : undefined
}

function errorMessage(error: unknown): string {
  return error instanceof VaultError ? error.message : 'The saved sign-in could not be read.'
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error
}
