import { type Logger } from '../logging/logger'
import type { AccountsState } from '@shared/domain/account'
import type { Notice } from '@shared/domain/notice'
import { toAccountsState } from './accounts/account-mapping'
import { VaultError } from './errors'
import type { ClientRegistration } from '../client-registration'
import type { Clock, DocumentStore, IssuedTokens, SecretCipher } from './ports'
import {
  canSeal,
  isPlaintext,
  openSecret,
  sealSecret,
  type SealPolicy
} from './secrets/secret-envelope'
import {
  pruneApps,
  type AccountRecord,
  type StoredApp,
  type StoredToken,
  type VaultDocument,
  type VaultSettings
} from './storage/store-schema'
import { hostOf } from './accounts/verified-sign-in'

export type ReadOnlyReason = {
  code: 'store_from_newer_version' | 'store_read_only'
  message: string
}

export interface VaultStateDeps {
  store: DocumentStore
  cipher: SecretCipher
  clock: Clock
  log: Logger
  events: VaultEvents
  readOnly?: ReadOnlyReason
}

/**
 * The vault's document and the only way to change it. Every change is made on a copy, written
 * atomically, and only then swapped in and announced, so memory never claims something the disk
 * does not hold. Every write also drops the app registrations nothing needs any more. Shared by
 * the lifecycle, the re-verifier and the app registry.
 */
export class VaultState {
  readonly store: DocumentStore
  readonly cipher: SecretCipher
  readonly clock: Clock
  readonly log: Logger
  readonly events: VaultEvents
  readonly readOnly: ReadOnlyReason | undefined
  #doc: VaultDocument

  constructor(document: VaultDocument, deps: VaultStateDeps) {
    this.#doc = document
    this.store = deps.store
    this.cipher = deps.cipher
    this.clock = deps.clock
    this.log = deps.log
    this.events = deps.events
    this.readOnly = deps.readOnly
  }

  /** The current document. Read it; change it only through {@link commit}. */
  get doc(): Readonly<VaultDocument> {
    return this.#doc
  }

  list(): AccountsState {
    return toAccountsState(this.#doc)
  }

  commit(mutate: (doc: VaultDocument) => void, options: { accountsChanged?: boolean } = {}): void {
    this.assertWritable()
    const next = structuredClone(this.#doc)
    mutate(next)
    pruneApps(next)
    if (!next.cipherBackend && [...secretsOf(next)].some((s) => !isPlaintext(s))) {
      next.cipherBackend = this.cipher.backend
    }
    this.store.write(next)
    this.#doc = next
    if (options.accountsChanged !== false) this.events.emit('changed', this.list())
  }

  record(id: string): AccountRecord {
    const record = this.#doc.accounts[id] ?? this.#doc.accounts[id.toLowerCase().replace(/^@/, '')]
    if (!record) throw new VaultError('not_found', `There is no account ${id}.`)
    return record
  }

  assertWritable(): void {
    if (this.readOnly) throw new VaultError(this.readOnly.code, this.readOnly.message)
  }

  policy(): SealPolicy {
    return { cipher: this.cipher, allowPlaintext: this.#doc.settings.allowPlaintextSecrets }
  }

  canSeal(): boolean {
    return !this.readOnly && canSeal(this.policy())
  }

  seal(secret: string): string {
    return sealSecret(secret, this.policy())
  }

  open(sealed: string): string {
    return openSecret(sealed, this.cipher)
  }

  tryOpen(sealed: string): string | undefined {
    try {
      return this.open(sealed)
    } catch {
      return undefined
    }
  }

  sealTokens(tokens: IssuedTokens, clientId: string | undefined): StoredToken {
    return {
      tokenType: tokens.tokenType || 'Bearer',
      accessToken: this.seal(tokens.accessToken),
      refreshToken: tokens.refreshToken ? this.seal(tokens.refreshToken) : undefined,
      expiresAt: tokens.expiresAt,
      issuedAt: tokens.createdAt,
      clientId
    }
  }

  sealApp(app: ClientRegistration): StoredApp {
    return {
      clientId: app.clientId,
      clientSecret: this.seal(app.clientSecret),
      redirectUris: app.redirectUris,
      scopes: app.scopes,
      registeredAt: app.registeredAt
    }
  }

  /**
   * The app new sign-ins on this API host use, secret opened; undefined when none or unreadable.
   */
  app(apiBaseUrl: string): ClientRegistration | undefined {
    const host = hostOf(apiBaseUrl)
    const instance = this.#doc.instances[host]
    const current = instance?.currentClientId
    // Unreadable: the engine registers a fresh app, which becomes the current one.
    return current === undefined ? undefined : this.#openApp(host, current)
  }

  /**
   * The app that issued this account's token, secret opened: only that client may revoke or
   * refresh it. Undefined when the vault does not hold it (or cannot read its secret).
   */
  appFor(record: AccountRecord): ClientRegistration | undefined {
    const clientId = record.token.clientId
    return clientId === undefined ? undefined : this.#openApp(record.instanceHost, clientId)
  }

  /** One stored app of this host, secret opened; undefined when absent or unreadable. */
  openApp(host: string, clientId: string): ClientRegistration | undefined {
    return this.#openApp(host, clientId)
  }

  #openApp(host: string, clientId: string): ClientRegistration | undefined {
    const stored = this.#doc.instances[host]?.apps[clientId]
    if (!stored) return undefined
    try {
      return {
        ...stored,
        redirectUris: [...stored.redirectUris],
        scopes: [...stored.scopes],
        clientSecret: this.open(stored.clientSecret)
      }
    } catch (error) {
      this.log.warn('stored app secret unreadable', {
        host,
        error: error instanceof Error ? error.name : typeof error
      })
      return undefined
    }
  }

  hasPlaintextSecrets(): boolean {
    for (const s of secretsOf(this.#doc)) if (isPlaintext(s)) return true
    return false
  }
}

export function* secretsOf(doc: Readonly<VaultDocument>): Generator<string> {
  for (const instance of Object.values(doc.instances)) {
    for (const app of Object.values(instance.apps)) yield app.clientSecret
  }
  for (const r of Object.values(doc.accounts)) {
    yield r.token.accessToken
    if (r.token.refreshToken) yield r.token.refreshToken
  }
}

export interface VaultEventMap {
  /** Any change to the account list, an account's status or the active account. */
  changed: AccountsState
  settings: VaultSettings
  /** Something to tell the person now (see `notices` for what the vault found when it opened). */
  notice: Notice
}

type Listener<T> = (payload: T) => void

/** A tiny typed emitter: `on` returns the unsubscribe, and one failing listener cannot starve the rest. */
export class VaultEvents {
  readonly #listeners: { [K in keyof VaultEventMap]: Set<Listener<VaultEventMap[K]>> } = {
    changed: new Set(),
    settings: new Set(),
    notice: new Set()
  }

  constructor(private readonly onListenerError: (error: unknown) => void = () => undefined) {}

  on<K extends keyof VaultEventMap>(event: K, listener: Listener<VaultEventMap[K]>): () => void {
    const set = this.#listeners[event] as Set<Listener<VaultEventMap[K]>>
    set.add(listener)
    return () => void set.delete(listener)
  }

  emit<K extends keyof VaultEventMap>(event: K, payload: VaultEventMap[K]): void {
    for (const listener of [...(this.#listeners[event] as Set<Listener<VaultEventMap[K]>>)]) {
      try {
        listener(payload)
      } catch (error) {
        this.onListenerError(error)
      }
    }
  }
}
