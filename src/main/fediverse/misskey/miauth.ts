import { randomUUID } from 'node:crypto'
import type { AxiosInstance } from 'axios'
import { FediverseError, isFediverseError } from '../errors'
import { isRecord } from '../http/request'
import { misskeyCall } from './api'
import { DEFAULT_CHECK_SCHEDULE, nextCheckDelay, type CheckSchedule } from './check-schedule'
import { isMisskeyUser } from './user'
import { systemClock, type Clock } from '../../clock'

/** `https://HOST/miauth/<session>?name=…&callback=…&permission=a,b&icon=…` (PROTOCOL.md §6). */
export function buildMiAuthUrl({
  apiBaseUrl,
  session,
  name,
  permissions,
  callback,
  icon
}: {
  apiBaseUrl: string
  session: string
  name: string
  permissions: readonly string[]
  callback?: string
  icon?: string
}): string {
  const url = new URL(`${apiBaseUrl}/miauth/${encodeURIComponent(session)}`)
  url.searchParams.set('name', name)
  if (icon) url.searchParams.set('icon', icon)
  if (callback) url.searchParams.set('callback', callback)
  url.searchParams.set('permission', permissions.join(','))
  return url.toString()
}

/** A fresh random session id: MiAuth's only secret until the token is fetched. */
export const newMiAuthSession = (): string => randomUUID()

export interface MiAuthGrant {
  token: string
  /** The packed user `check` returned alongside the token. */
  user: Record<string, unknown>
}

export interface PollOptions {
  /** When to check (check-schedule.ts); defaults to DEFAULT_CHECK_SCHEDULE. */
  schedule?: Partial<CheckSchedule>
  /** Epoch ms after which polling gives up. */
  deadline: number
  signal: AbortSignal
  clock?: Clock
}

/**
 * The token side of one MiAuth session. Misskey hands the token out **exactly once**
 * (`check` answers `{ ok: false }` before approval and after the first fetch), so every path that
 * wants it — the browser coming back, polling, both at once — goes through `fetchToken`, which
 * keeps one request in flight and never calls `check` again after it succeeded.
 */
export class MiAuthTokenFetch {
  private inFlight?: Promise<MiAuthGrant | undefined>
  private granted?: MiAuthGrant

  constructor(
    private readonly client: AxiosInstance,
    readonly apiBaseUrl: string,
    readonly session: string
  ) {}

  /** The grant, or undefined while the person has not approved yet. */
  fetchToken(): Promise<MiAuthGrant | undefined> {
    if (this.granted) return Promise.resolve(this.granted)
    this.inFlight ??= this.check().finally(() => {
      this.inFlight = undefined
    })
    return this.inFlight
  }

  /**
   * Asks `check` on the schedule of check-schedule.ts until approved, the deadline passes or the
   * signal aborts. For when the browser cannot come back to the loopback listener.
   */
  async poll({
    schedule,
    deadline,
    signal,
    clock = systemClock
  }: PollOptions): Promise<MiAuthGrant> {
    const plan = { ...DEFAULT_CHECK_SCHEDULE, ...schedule }
    const started = clock.now()
    // Nobody approves in no time: wait first, then ask.
    let wait = nextCheckDelay({ elapsedMs: 0 }, plan)
    for (;;) {
      if (clock.now() + wait > deadline) {
        throw new FediverseError({
          code: 'timeout',
          step: 'waiting_for_browser',
          message: 'The sign-in was not approved in time. Start again.'
        })
      }
      await sleep(wait, signal)
      let retryAfterSeconds: number | undefined
      try {
        const grant = await this.fetchToken()
        if (grant) return grant
      } catch (err) {
        if (!isFediverseError(err)) throw err
        if (err.code === 'rate_limited') retryAfterSeconds = err.retryAfterSeconds
        else if (!['network', 'timeout', 'server_error'].includes(err.code)) throw err
      }
      wait = nextCheckDelay(
        { elapsedMs: clock.now() - started, previousMs: wait, retryAfterSeconds },
        plan
      )
    }
  }

  private async check(): Promise<MiAuthGrant | undefined> {
    const body = await misskeyCall(this.client, {
      apiBaseUrl: this.apiBaseUrl,
      endpoint: `miauth/${encodeURIComponent(this.session)}/check`,
      step: 'request_token'
      // Not replay-safe: a check the server answered but whose answer was lost used the token up.
    })
    if (!isRecord(body) || body.ok !== true) return undefined
    if (typeof body.token !== 'string' || !body.token || !isMisskeyUser(body.user)) {
      throw new FediverseError({
        code: 'bad_response',
        step: 'request_token',
        message: `${new URL(this.apiBaseUrl).host} approved the sign-in but sent no usable token.`
      })
    }
    this.granted = { token: body.token, user: body.user }
    return this.granted
  }
}

const cancelled = () =>
  new FediverseError({
    code: 'cancelled',
    step: 'waiting_for_browser',
    message: 'The sign-in was cancelled.'
  })

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(cancelled())
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(cancelled())
    }
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
