import type { AccountsState } from '@shared/domain/account'
import { parseServerAccount } from '../accounts/account-mapping'
import { EngineFailure, failureKind, type AccountServer, type IssuedTokens } from '../ports'
import { VaultError } from '../errors'
import { shouldRefresh, statusAfterFailure, type StatusChange } from '../accounts/lifecycle-rules'
import type { AccountRecord } from '../storage/store-schema'
import type { VaultState } from '../vault-state'

export type RefreshOutcome = 'refreshed' | 'rejected' | 'unreachable' | 'skipped'

/**
 * After a refresh could not reach the server, token requests from scripts wait this long before
 * the next attempt: a script polling an instance that is down must not turn every request into
 * another refresh call to it. Re-verification (the person's "Check", the periodic one) always tries.
 */
export const SCRIPT_REFRESH_RETRY_MS = 30_000

type RecordUpdate = (record: AccountRecord) => void

/**
 * Re-verification and token refresh. Server calls run outside commits; each result is applied
 * only if the account still holds the token that was checked (a re-sign-in meanwhile wins).
 */
export class Reverification {
  readonly #refreshing = new Map<string, Promise<RefreshOutcome>>()
  /** When each account's last refresh found the server unreachable. */
  readonly #unreachableAt = new Map<string, number>()

  constructor(
    private readonly state: VaultState,
    private readonly server: AccountServer,
    private readonly perHost: number,
    /** How long before expiry a token is refreshed (when it can be). */
    readonly refreshMarginMs: number
  ) {}

  /** All hosts at once, at most `perHost` requests per host; one write and one event at the end. */
  async run(records: readonly AccountRecord[]): Promise<AccountsState> {
    this.state.assertWritable()
    const updates = new Map<string, RecordUpdate>()
    const candidates = records.filter((r) => r.status !== 'pending_removal')
    await forEachGrouped(
      candidates,
      (r) => r.instanceHost,
      this.perHost,
      async (r) => {
        const update = await this.#verifyOne(r.id)
        if (update) updates.set(r.id, update)
      }
    )
    if (updates.size > 0) {
      this.state.commit((doc) => {
        for (const [id, update] of updates) {
          const r = doc.accounts[id]
          if (r) update(r)
        }
      })
    }
    return this.state.list()
  }

  /** Refreshes when the token expires within the margin. One refresh per account at a time: a
   * rotated refresh token works only once. */
  refreshIfDue(id: string): Promise<RefreshOutcome> {
    const record = this.state.doc.accounts[id]
    if (!record || !shouldRefresh(record.token, this.state.clock.now(), this.refreshMarginMs)) {
      return Promise.resolve('skipped')
    }
    let running = this.#refreshing.get(id)
    if (!running) {
      running = this.#refresh(id)
        .then((outcome) => {
          if (outcome === 'unreachable') this.#unreachableAt.set(id, this.state.clock.now())
          else this.#unreachableAt.delete(id)
          return outcome
        })
        .finally(() => this.#refreshing.delete(id))
      this.#refreshing.set(id, running)
    }
    return running
  }

  /** refreshIfDue for a script's token request: no new attempt soon after the server was down. */
  refreshIfDueForScript(id: string): Promise<RefreshOutcome> {
    const failedAt = this.#unreachableAt.get(id)
    if (failedAt !== undefined && this.state.clock.now() - failedAt < SCRIPT_REFRESH_RETRY_MS) {
      return Promise.resolve('unreachable')
    }
    return this.refreshIfDue(id)
  }

  async #verifyOne(id: string): Promise<RecordUpdate | undefined> {
    // A refused refresh already marked the account; its soon-to-lapse token proves nothing.
    if ((await this.refreshIfDue(id)) === 'rejected') return undefined
    const record = this.state.doc.accounts[id]
    if (!record || record.status === 'pending_removal') return undefined
    const sealed = record.token.accessToken
    const sameToken =
      (fn: RecordUpdate): RecordUpdate =>
      (r) => {
        if (r.token.accessToken === sealed && r.status !== 'pending_removal') fn(r)
      }
    let token: string
    try {
      token = this.state.open(sealed)
    } catch (error) {
      const statusReason =
        error instanceof VaultError ? error.message : 'The saved sign-in could not be read.'
      const now = this.state.clock.now()
      return sameToken((r) =>
        setStatus(r, { status: 'needs_reauth', statusReason, tokenRejected: true }, now)
      )
    }
    try {
      const account = parseServerAccount(
        await this.server.verifyCredentials(record.apiBaseUrl, token, record.api)
      )
      const now = this.state.clock.now()
      if (!account || account.username.toLowerCase() !== record.username.toLowerCase()) {
        return sameToken((r) =>
          setStatus(
            r,
            {
              status: 'needs_reauth',
              statusReason: 'The saved sign-in now belongs to a different account. Sign in again.',
              tokenRejected: true
            },
            now
          )
        )
      }
      return sameToken((r) => {
        r.profile = account.snapshot
        r.lastVerifiedAt = now
        setStatus(r, { status: 'ok', tokenRejected: false }, now)
      })
    } catch (error) {
      this.state.log.info('verification failed', {
        account: id,
        failure: failureKind(error)
      })
      const change = statusAfterFailure(failureKind(error), detailOf(error))
      return sameToken((r) => setStatus(r, change, this.state.clock.now()))
    }
  }

  async #refresh(id: string): Promise<RefreshOutcome> {
    const record = this.state.doc.accounts[id]
    if (!record?.token.refreshToken || this.state.readOnly) return 'skipped'
    const sealed = record.token.accessToken
    const app = this.state.appFor(record)
    let issued: IssuedTokens
    try {
      if (!app) throw new EngineFailure('rejected_client', 'no app registration for this server')
      const refreshToken = this.state.open(record.token.refreshToken)
      issued = await this.server.refreshToken(record.apiBaseUrl, app, refreshToken, record.scopes)
    } catch (error) {
      this.state.log.info('refresh failed', { account: id, failure: failureKind(error) })
      const change: StatusChange =
        error instanceof VaultError
          ? { status: 'needs_reauth', statusReason: error.message, tokenRejected: true }
          : statusAfterFailure(failureKind(error), detailOf(error))
      // Offline: keep using the current token until it really expires.
      if (!change.tokenRejected) return 'unreachable'
      this.state.commit((doc) => {
        const r = doc.accounts[id]
        if (r && r.token.accessToken === sealed) setStatus(r, change, this.state.clock.now())
      })
      return 'rejected'
    }
    // Committed at once, not with the re-verify batch: the old refresh token may be dead already.
    const token = this.state.sealTokens(issued, app.clientId)
    this.state.commit((doc) => {
      const r = doc.accounts[id]
      if (!r || r.token.accessToken !== sealed) return
      r.token = { ...token, refreshToken: token.refreshToken ?? r.token.refreshToken }
      if (issued.scope.length > 0) r.scopes = [...issued.scope]
    })
    this.state.log.info('token refreshed', { account: id })
    return 'refreshed'
  }
}

function setStatus(record: AccountRecord, change: StatusChange, now: number): void {
  // "Unreachable" says nothing new about a token the server has already refused.
  if (change.status === 'offline' && record.status === 'needs_reauth') return
  // Kept from the first failure on, so the window can say how long the account has been in trouble.
  if (record.status !== change.status) record.statusChangedAt = now
  record.status = change.status
  record.statusReason = change.statusReason
}

/** A server message fit for a status line; the engine adapter never puts secrets in it. */
export function detailOf(error: unknown): string | undefined {
  return error instanceof EngineFailure ? error.message : undefined
}

/**
 * Runs `task` for every item, all groups at once but never more than `perGroup` at a time within
 * one group: a vault with forty accounts on one server must not hit that server forty times at
 * once (rate limits are per IP), while accounts on other servers need not wait for it.
 * Resolves when every task has settled; a task's rejection is its own business (catch inside).
 */
export async function forEachGrouped<T>(
  items: readonly T[],
  groupOf: (item: T) => string,
  perGroup: number,
  task: (item: T) => Promise<void>
): Promise<void> {
  if (!Number.isInteger(perGroup) || perGroup < 1) throw new RangeError('perGroup must be ≥ 1')
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const key = groupOf(item)
    const queue = groups.get(key)
    if (queue) queue.push(item)
    else groups.set(key, [item])
  }
  const lanes: Promise<void>[] = []
  for (const queue of groups.values()) {
    let next = 0
    const lane = async () => {
      while (next < queue.length) {
        const item = queue[next++]!
        await task(item).catch(() => undefined)
      }
    }
    for (let i = 0; i < Math.min(perGroup, queue.length); i++) lanes.push(lane())
  }
  await Promise.all(lanes)
}
