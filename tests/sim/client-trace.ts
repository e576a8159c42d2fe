import type { AxiosInstance, InternalAxiosRequestConfig } from 'axios'

export interface ClientTrace {
  /** `METHOD /path` of every request the client made, by round (see `traceInRounds`). */
  readonly rounds: string[][]
  /** How many rounds the client needed: its round trips when every answer takes as long. */
  readonly roundTrips: number
  /** The most requests the client had out at once: the largest round. */
  readonly maxInFlight: number
  /** The most requests the client had out at once to one host (`127.0.0.1:PORT`). */
  maxInFlightAt(host: string): number
  /** Forgets the rounds so far (requests still out keep their round). */
  clear(): void
  /** Resolves once every request the client has started has been answered (or has failed). */
  idle(): Promise<void>
}

/** Event-loop turns without a new request or answer after which the client is taken to be idle. */
const QUIET_TURNS = 5

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/**
 * Makes an axios client's network answer in lockstep and counts the rounds. A request the client
 * starts is held until the previous round's answers are all back and the client has gone quiet;
 * then everything it started meanwhile goes out together. So requests the client sends together
 * share a round, and a request it could only send after an answer lands in a later round, however
 * fast or slow the machine runs: there is no clock here, only the order of events. (Stamping
 * requests as the server reads them was not that: on a busy machine a request sent together with
 * another may be read after the other's answer went out, and a side chain such as NodeInfo's two
 * steps may finish before the main one moves on, which made one round trip look like two.)
 *
 * "Quiet" is counted in event-loop turns: the engine starts a follow-up request from the answer's
 * promise callbacks, within the same turn.
 */
export function traceInRounds(client: AxiosInstance): ClientTrace {
  let rounds: string[][] = []
  let hostRounds: string[][] = []
  let forming: Array<{ route: string; host: string; go: () => void }> = []
  let out = 0
  let events = 0
  let settling = false

  const settle = async (): Promise<void> => {
    if (settling) return
    settling = true
    for (let seen = -1; seen !== events;) {
      seen = events
      for (let i = 0; i < QUIET_TURNS; i++) await turn()
    }
    settling = false
    if (out > 0 || forming.length === 0) return
    const round = forming
    forming = []
    out = round.length
    rounds.push(round.map((r) => r.route))
    hostRounds.push(round.map((r) => r.host))
    for (const r of round) r.go()
  }
  const happened = (): void => {
    events++
    void settle()
  }
  const answered = (): void => {
    out--
    happened()
  }

  client.interceptors.request.use(
    (config) =>
      new Promise<InternalAxiosRequestConfig>((resolve) => {
        const url = new URL(config.url ?? '/', config.baseURL)
        const route = `${(config.method ?? 'get').toUpperCase()} ${url.pathname}`
        forming.push({ route, host: url.host, go: () => resolve(config) })
        happened()
      })
  )
  client.interceptors.response.use(
    (res) => {
      answered()
      return res
    },
    (err: unknown) => {
      answered()
      return Promise.reject(err)
    }
  )

  return {
    get rounds() {
      return rounds
    },
    get roundTrips() {
      return rounds.length
    },
    get maxInFlight() {
      return Math.max(0, ...rounds.map((r) => r.length))
    },
    maxInFlightAt(host) {
      return Math.max(0, ...hostRounds.map((r) => r.filter((h) => h === host).length))
    },
    clear() {
      rounds = []
      hostRounds = []
    },
    async idle() {
      while (out > 0 || forming.length > 0) await turn()
    }
  }
}
