import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { approveAuthorization } from './browser'
import { DEFAULT_USERS, type SimUser } from './documents'
import { hostileResponse } from './hostile'
import { readBody, sendJson } from './http'
import { OAuthState } from './oauth-state'
import { PROFILES, type Personality } from './personalities'
import { MisskeyState } from './misskey'
import { createRoutes } from './routes'
import { startSilentPort, type SilentPort } from './silent-port'
import { newTimelineState, type TimelineState } from './timelines'

export interface SimLogEntry {
  method: string
  path: string
  /** Date.now() when the request arrived, and when its response was finished or abandoned. */
  at: number
  doneAt?: number
  status?: number
  /** The Authorization header as it arrived (to check what a proxy in front sent). */
  authorization?: string
}

export interface SimStats {
  requests: number
  inFlight: number
  maxInFlight: number
  byRoute: Record<string, number>
  log: SimLogEntry[]
}

/** What arrived at the second origin of `cross-origin-redirect`. */
export interface ForeignRequest {
  method: string
  path: string
  authorization?: string
  body: string
}

export interface Simulator {
  /** 'http://127.0.0.1:PORT' */
  url: string
  /** '127.0.0.1:PORT' */
  host: string
  personality: Personality
  users: SimUser[]
  /** Requests from the client under test; `approve()` plays the browser and is not counted. */
  stats: SimStats
  resetStats(): void
  addUser(u: SimUser): void
  /**
   * Plays the person in the browser without Chromium: GET the authorization URL, submit the login
   * form, return the final redirect Location (loopback URL with code & state) or the OOB code.
   */
  approve(
    authorizationUrl: string,
    login: { username: string; password: string }
  ): Promise<{ location?: string; code?: string }>
  /** Server-side revocation, to test needs_reauth. */
  revokeAllTokens(username?: string): void
  isTokenValid(token: string): boolean
  /** The admin deleted every app: stored client credentials now get invalid_client. */
  deleteAllApps(): void
  /** true: the port refuses connections and open ones are cut (a network failure). */
  setOffline(offline: boolean): Promise<void>
  setLatency(ms: number): void
  /** The handle domain of accounts here (custom-domain setups); defaults to `host`. */
  setAccountDomain(domain: string): void
  /** Only for `takahe-hanging-nodeinfo`: the port NodeInfo's link points at, which never answers. */
  silentPort?: SilentPort
  /**
   * Misskey family only (`misskey`, `sharkey`): MiAuth sessions, every `check` call and what it
   * answered (so a test can assert the token was fetched exactly once), and one-shot rate limits.
   */
  misskey: MisskeyState
  /** Only for `cross-origin-redirect`: the origin /api/ calls are redirected to, and what it saw. */
  otherOrigin?: { url: string; requests: ForeignRequest[] }
  /** Timelines, posted statuses and the event stream's settings (timelines.ts). */
  timelines: TimelineState
  close(): Promise<void>
}

export interface StartOptions {
  personality: Personality
  /** Delay before every response, in ms (the benchmark uses 50). */
  latencyMs?: number
  users?: SimUser[]
  /** Access-token lifetime where the server issues refresh tokens (Pleroma, Akkoma). */
  tokenLifetimeSeconds?: number
  /** Misskey family: `POST /api/meta` announces `features.miauth` (default true; false: Misskey < 12.28). */
  miauth?: boolean
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

function listen(server: Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve((server.address() as AddressInfo).port)
    })
  })
}

function trackSockets(server: Server): Set<Socket> {
  const sockets = new Set<Socket>()
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  return sockets
}

const emptyStats = (): SimStats => ({
  requests: 0,
  inFlight: 0,
  maxInFlight: 0,
  byRoute: {},
  log: []
})

/** Starts a simulated fediverse server on 127.0.0.1 with a random free port. */
export async function startSimulator(options: StartOptions): Promise<Simulator> {
  const profile = PROFILES[options.personality]
  const users: SimUser[] = (options.users ?? DEFAULT_USERS).map((u) => ({ ...u }))
  const state = new OAuthState()
  const misskey = new MisskeyState()
  let latency = options.latencyMs ?? 0
  let port = 0
  let accountDomain: string | undefined
  let offline = false
  const stats = emptyStats()
  const answered = new WeakSet<Socket>()

  const silent = profile.nodeinfoLinkHangs ? await startSilentPort() : undefined
  const timelines = newTimelineState()
  const routes = createRoutes({
    personality: options.personality,
    profile,
    state,
    users,
    origin: () => `http://127.0.0.1:${port}`,
    host: () => `127.0.0.1:${port}`,
    accountDomain: () => accountDomain ?? `127.0.0.1:${port}`,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds,
    silentOrigin: silent && (() => silent.origin),
    misskey,
    miauth: options.miauth ?? true,
    timelines
  })

  let other:
    { server: Server; url: string; requests: ForeignRequest[]; sockets: Set<Socket> } | undefined
  if (profile.redirectApiToOtherOrigin) {
    const requests: ForeignRequest[] = []
    const server = createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const body = await readBody(req).catch(() => '')
      requests.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        authorization: req.headers.authorization,
        body
      })
      sendJson(res, 401, { error: 'The access token is invalid' })
    })
    const sockets = trackSockets(server)
    const otherPort = await listen(server)
    other = { server, url: `http://127.0.0.1:${otherPort}`, requests, sockets }
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (profile.closeAfterResponse) {
      // Real snac reads one request per connection and then close()s it: a request that reaches
      // a connection it is done with is never read, let alone acted on or logged. Node's server
      // would otherwise parse one that slips in before destroySoon completes.
      if (answered.has(req.socket)) {
        req.socket.destroy()
        return
      }
      answered.add(req.socket)
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const counted = req.headers['x-sim-actor'] !== 'browser'
    const entry: SimLogEntry = { method: req.method ?? 'GET', path: url.pathname, at: Date.now() }
    if (req.headers.authorization) entry.authorization = req.headers.authorization
    const s = stats
    if (counted) {
      s.requests++
      s.inFlight++
      s.maxInFlight = Math.max(s.maxInFlight, s.inFlight)
      const key = `${entry.method} ${entry.path}`
      s.byRoute[key] = (s.byRoute[key] ?? 0) + 1
      s.log.push(entry)
      res.on('close', () => {
        s.inFlight--
        entry.doneAt = Date.now()
        entry.status = res.statusCode
      })
    }
    if (profile.closeAfterResponse) {
      // snac closes after every response without saying so (no `Connection: close`).
      // destroySoon: flush the response, then close both directions, as a real close() does; a
      // request the client manages to send on it afterwards is never processed.
      res.on('finish', () => req.socket.destroySoon())
    }
    if (latency > 0) await sleep(latency)
    if (offline || req.socket.destroyed) {
      // Offline, or the client gave up while we waited: nothing is processed.
      req.socket.destroy()
      return
    }
    try {
      if (profile.hostility) return await hostileResponse(profile.hostility, req, res)
      if (other && url.pathname.startsWith('/api/')) {
        res.writeHead(req.method === 'GET' ? 302 : 307, {
          Location: `${other.url}${url.pathname}${url.search}`,
          'Content-Length': 0
        })
        res.end()
        return
      }
      await routes(req, res, url)
    } catch (err) {
      if (!res.headersSent)
        sendJson(res, 500, { error: `simulator error: ${(err as Error).message}` })
      else res.destroy()
    }
  }

  const server = createServer((req, res) => void handle(req, res))
  // The simulator's own default keep-alive timeout is Node's (5 s); snac overrides by closing.
  const sockets = trackSockets(server)
  server.on('connection', (s) => {
    if (offline) s.destroy()
  })
  port = await listen(server)
  const url = `http://127.0.0.1:${port}`

  const sim: Simulator = {
    url,
    host: `127.0.0.1:${port}`,
    personality: options.personality,
    users,
    stats,
    resetStats() {
      Object.assign(stats, emptyStats())
    },
    addUser(u) {
      users.push({ ...u })
    },
    approve: (authorizationUrl, login) => approveAuthorization(url, authorizationUrl, login),
    revokeAllTokens: (username) => state.revokeAll(username),
    isTokenValid: (token) => state.liveToken(token) !== undefined,
    deleteAllApps() {
      state.apps.clear()
    },
    async setOffline(value) {
      if (value === offline) return
      offline = value
      if (value) {
        await new Promise<void>((r) => {
          server.close(() => r())
          for (const s of sockets) s.destroy()
        })
      } else {
        await listen(server, port)
      }
    },
    setLatency(ms) {
      latency = ms
    },
    setAccountDomain(domain) {
      accountDomain = domain
    },
    misskey,
    otherOrigin: other && { url: other.url, requests: other.requests },
    silentPort: silent,
    timelines,
    async close() {
      await silent?.close()
      for (const srv of [server, other?.server]) {
        if (!srv) continue
        await new Promise<void>((r) => {
          srv.close(() => r())
          srv.closeAllConnections()
        })
      }
      for (const s of [...sockets, ...(other?.sockets ?? [])]) s.destroy()
    }
  }
  return sim
}
