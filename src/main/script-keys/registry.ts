import type { AuditEntry } from '@shared/domain/settings'
import type { CreatedScriptKey, ScriptKeySpec, ScriptKeySummary } from '@shared/domain/script-keys'
import { ScriptKeyError } from './errors'
import { looksLikeScriptKey } from '@shared/script-key-format'
import { generateKey, hashKey, newKeyId } from './key-material'
import type { ScriptKeyStorage, StoredScriptKey } from './record'
import { keyState, normaliseAccounts } from './rules'
import { Trail } from './trail'
import type { Logger } from '../logging/logger'

export interface ScriptKeyRegistryOptions {
  clock?: { now(): number }
  log?: Pick<Logger, 'info' | 'warn'>
  /** How long last-used times wait in memory before one write saves them all. */
  flushDelayMs?: number
  /** Audit entries kept per key. */
  trailCapacity?: number
}

/** How many ended run keys are remembered, so their holders are told `key_revoked`. */
const maxEndedRunKeys = 100

/** `run: toot timeline`, cut to fit a key name (60 characters, no control characters). */
export function runKeyName(command: string): string {
  const clean = command
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  const name = `run: ${clean}`
  return name.length <= 60 ? name : `${name.slice(0, 59)}…`
}

/** The endpoint's view of a presented key: usable, or refused for a reason worth telling. */
export type KeyAuthentication =
  | { status: 'active'; key: StoredScriptKey }
  | { status: 'revoked' | 'expired'; key: StoredScriptKey }

/**
 * Every script key, held in memory by hash so the endpoint's check is one SHA-256 and one map
 * lookup; the storage (the vault) is written on create and revoke, and with last-used times in
 * batches. Revoking updates the map before it returns, so the very next request is refused.
 */
export class ScriptKeyRegistry {
  private readonly byHash = new Map<string, StoredScriptKey>()
  private readonly byId = new Map<string, StoredScriptKey>()
  private readonly pendingUse = new Map<string, number>()
  private readonly trails = new Map<string, Trail>()
  private flushTimer: ReturnType<typeof setTimeout> | undefined
  private readonly clock: { now(): number }
  private readonly flushDelayMs: number
  private readonly trailCapacity: number

  constructor(
    private readonly storage: ScriptKeyStorage,
    private readonly options: ScriptKeyRegistryOptions = {}
  ) {
    this.clock = options.clock ?? { now: () => Date.now() }
    this.flushDelayMs = options.flushDelayMs ?? 60_000
    this.trailCapacity = options.trailCapacity ?? 200
    // Run keys die with their command, and no command outlives the app: one that reached the
    // vault anyway is swept here, never loaded.
    for (const record of storage.all()) if (!record.run) this.remember(record)
  }

  list(): ScriptKeySummary[] {
    return [...this.byId.values()]
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((record) => this.summary(record))
  }

  /** The only place a key's plaintext exists: returned once, never stored or logged. */
  create(spec: ScriptKeySpec): CreatedScriptKey {
    const now = this.clock.now()
    const name = spec.name.trim()
    if (this.findActive(name)) {
      throw new ScriptKeyError(
        'key_name_taken',
        `A key named "${name}" already exists. Choose another name, or revoke that key first.`
      )
    }
    if (spec.expiresAt !== undefined && spec.expiresAt <= now) {
      throw new ScriptKeyError('invalid_key', 'The expiry date is in the past.')
    }
    const plaintext = generateKey()
    const record: StoredScriptKey = {
      id: newKeyId(),
      name,
      hash: hashKey(plaintext),
      accounts: normaliseAccounts(spec.accounts),
      mode: spec.mode,
      createdAt: now,
      ...(spec.expiresAt !== undefined ? { expiresAt: spec.expiresAt } : {})
    }
    this.storage.put([record])
    this.remember(record)
    this.options.log?.info('script key created', { key: record.id, mode: record.mode })
    return { key: this.summary(record), plaintext }
  }

  /**
   * A run key for one `fedivault run`: one account, a proxy mode, named after the command, and
   * an expiry (its maximum lifetime). Kept in memory only, so nothing of it survives a restart;
   * the endpoint revokes it when the command's hold connection closes.
   */
  createRun(spec: {
    account: string
    mode: 'proxy-read-only' | 'proxy-read-write'
    command: string
    expiresAt: number
  }): CreatedScriptKey {
    const now = this.clock.now()
    if (spec.expiresAt <= now) {
      throw new ScriptKeyError('invalid_key', 'The maximum lifetime must be in the future.')
    }
    const plaintext = generateKey()
    const record: StoredScriptKey = {
      id: newKeyId(),
      name: runKeyName(spec.command),
      hash: hashKey(plaintext),
      accounts: normaliseAccounts([spec.account]),
      mode: spec.mode,
      createdAt: now,
      expiresAt: spec.expiresAt,
      run: { command: spec.command.slice(0, 500) }
    }
    this.remember(record)
    this.forgetEndedRunKeys()
    this.options.log?.info('run key created', { key: record.id, mode: record.mode })
    return { key: this.summary(record), plaintext }
  }

  /** Run keys not yet revoked nor expired. */
  liveRunKeys(): number {
    const now = this.clock.now()
    let live = 0
    for (const record of this.byId.values()) {
      if (record.run && keyState(record, now) === 'active') live++
    }
    return live
  }

  /** Revokes a run key by id; any other key is "not found" here (the owner's CLI ends only runs). */
  revokeRun(id: string): ScriptKeySummary {
    if (!this.byId.get(id)?.run) {
      throw new ScriptKeyError('key_not_found', 'No run key with that id.')
    }
    return this.revoke({ id })
  }

  /** Revokes by id or by name (the CLI's handle on a key). Revoking twice is not an error. */
  revoke(ref: { id: string } | { name: string }): ScriptKeySummary {
    const record = 'id' in ref ? this.byId.get(ref.id) : this.findByName(ref.name)
    if (!record) {
      const what = 'id' in ref ? 'That key' : `No key named "${ref.name}"`
      throw new ScriptKeyError(
        'key_not_found',
        `${what} does not exist${'id' in ref ? ' any more' : ''}.`
      )
    }
    if (record.revokedAt !== undefined) return this.summary(record)
    const revoked: StoredScriptKey = { ...this.withPendingUse(record), revokedAt: this.clock.now() }
    // Refused from the next request on, even if the write below fails (a read-only vault): the
    // person wants this key dead now; the error then says it will be back after a restart.
    this.pendingUse.delete(record.id)
    this.remember(revoked)
    this.options.log?.info('script key revoked', { key: record.id })
    if (!record.run) this.storage.put([revoked])
    return this.summary(revoked)
  }

  /**
   * The key behind a presented credential, or null when it is none of ours. Called on every
   * request that carries an `fvk_` credential; the last-used time is kept in memory.
   */
  authenticate(presented: string): KeyAuthentication | null {
    if (!looksLikeScriptKey(presented)) return null
    const record = this.byHash.get(hashKey(presented))
    if (!record) return null
    const now = this.clock.now()
    const state = keyState(record, now)
    if (state !== 'active') return { status: state, key: record }
    this.pendingUse.set(record.id, now)
    this.scheduleFlush()
    return { status: 'active', key: record }
  }

  /** This key's own audit trail, oldest first. */
  trail(id: string): AuditEntry[] {
    if (!this.byId.has(id)) throw new ScriptKeyError('key_not_found', 'That key does not exist.')
    return this.trails.get(id)?.entries() ?? []
  }

  recordAudit(entry: AuditEntry): void {
    if (entry.keyId === undefined || !this.byId.has(entry.keyId)) return
    let trail = this.trails.get(entry.keyId)
    if (!trail) this.trails.set(entry.keyId, (trail = new Trail(this.trailCapacity)))
    trail.append(entry)
  }

  /** Saves the last-used times gathered since the last write, in one write. */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer)
    this.flushTimer = undefined
    if (this.pendingUse.size === 0) return
    const updated = [...this.pendingUse.keys()]
      .map((id) => this.byId.get(id))
      .filter((r): r is StoredScriptKey => r !== undefined && !r.run)
      .map((r) => this.withPendingUse(r))
    this.pendingUse.clear()
    try {
      this.storage.put(updated)
      for (const record of updated) this.remember(record)
    } catch (error) {
      // A read-only vault: the times stay approximate in memory only; keys keep working.
      this.options.log?.warn('script keys: last-used times not saved', {
        error: error instanceof Error ? error.name : typeof error
      })
    }
  }

  close(): void {
    this.flush()
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return
    this.flushTimer = setTimeout(() => this.flush(), this.flushDelayMs)
    this.flushTimer.unref?.()
  }

  private withPendingUse(record: StoredScriptKey): StoredScriptKey {
    const used = this.pendingUse.get(record.id)
    return used === undefined ? record : { ...record, lastUsedAt: used }
  }

  private remember(record: StoredScriptKey): void {
    const previous = this.byId.get(record.id)
    if (previous) this.byHash.delete(previous.hash)
    this.byId.set(record.id, record)
    this.byHash.set(record.hash, record)
  }

  private findActive(name: string): StoredScriptKey | undefined {
    const wanted = name.toLowerCase()
    return [...this.byId.values()].find(
      (r) => !r.run && r.name.toLowerCase() === wanted && r.revokedAt === undefined
    )
  }

  /** The key not yet revoked with this name, else the latest revoked one (so revoke is idempotent). */
  private findByName(name: string): StoredScriptKey | undefined {
    const wanted = name.trim().toLowerCase()
    const named = [...this.byId.values()].filter((r) => !r.run && r.name.toLowerCase() === wanted)
    const live = named.find((r) => r.revokedAt === undefined)
    if (live) return live
    // The last revoked, the most recently created winning a tie.
    return named.reduce<StoredScriptKey | undefined>(
      (latest, r) => (!latest || (r.revokedAt ?? 0) >= (latest.revokedAt ?? 0) ? r : latest),
      undefined
    )
  }

  private summary(record: StoredScriptKey): ScriptKeySummary {
    const lastUsedAt = this.pendingUse.get(record.id) ?? record.lastUsedAt
    return {
      id: record.id,
      name: record.name,
      accounts: record.accounts === 'active' ? 'active' : [...record.accounts],
      mode: record.mode,
      createdAt: record.createdAt,
      ...(lastUsedAt !== undefined ? { lastUsedAt } : {}),
      ...(record.expiresAt !== undefined ? { expiresAt: record.expiresAt } : {}),
      ...(record.revokedAt !== undefined ? { revokedAt: record.revokedAt } : {}),
      state: keyState(record, this.clock.now()),
      ...(record.run ? { run: { command: record.run.command } } : {})
    }
  }

  /** Ended run keys stay listed (and answer key_revoked) until there are too many of them. */
  private forgetEndedRunKeys(): void {
    const now = this.clock.now()
    const ended = [...this.byId.values()]
      .filter((r) => r.run && keyState(r, now) !== 'active')
      .sort((a, b) => a.createdAt - b.createdAt)
    for (const record of ended.slice(0, Math.max(0, ended.length - maxEndedRunKeys))) {
      this.byId.delete(record.id)
      this.byHash.delete(record.hash)
      this.trails.delete(record.id)
      this.pendingUse.delete(record.id)
    }
  }
}
