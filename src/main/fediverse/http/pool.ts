import http from 'node:http'
import https from 'node:https'
import type { AxiosInstance } from 'axios'

/**
 * Keep-alive pool bookkeeping for the stale-connection retry in request.ts.
 *
 * A request may be replayed only when it provably got no answer: it went out on a pooled
 * connection and that connection died before a single byte came back. `reusedSocket` alone
 * cannot tell "the server had already closed this connection" from "the server took the
 * request and died half-way through answering it"; the socket's byte count can.
 */

/** socket.bytesRead at the moment a pooled socket was handed to a request. */
const bytesAtReuse = new WeakMap<object, number>()
const watched = new WeakSet<http.Agent>()

/** The agent axios will use for this URL: the client's own, or Node's global one when it has none. */
export function poolAgent(client: AxiosInstance, url: URL): http.Agent | undefined {
  const secure = url.protocol === 'https:'
  const own: unknown = secure ? client.defaults.httpsAgent : client.defaults.httpAgent
  if (own instanceof http.Agent) return own
  if (own === undefined) return secure ? https.globalAgent : http.globalAgent
  return undefined
}

/** Records where each reused socket's byte count stood, through the documented reuseSocket hook. */
export function watchReuse(agent: http.Agent | undefined): void {
  if (!agent || watched.has(agent)) return
  watched.add(agent)
  const reuse = agent.reuseSocket
  agent.reuseSocket = function (socket, request) {
    bytesAtReuse.set(request, (socket as { bytesRead?: number }).bytesRead ?? NaN)
    return reuse.call(this, socket, request)
  }
}

/**
 * true: the request was written to a pooled socket that died without sending anything back, so
 * the server never answered it on that connection. false when unsure (not from a watched pool).
 */
export function diedUnanswered(request: unknown): boolean {
  if (!request || typeof request !== 'object') return false
  const req = request as { reusedSocket?: boolean; res?: unknown; socket?: { bytesRead?: number } }
  const before = bytesAtReuse.get(req)
  if (req.reusedSocket !== true || before === undefined || req.res) return false
  return req.socket?.bytesRead === before
}

/**
 * Closes the pool's idle connections to this origin. One pooled connection found dead usually
 * means its siblings are too (the server restarted, dropped its connections, or closes every
 * connection after answering); each would otherwise cost the next requests a failed attempt.
 */
export function dropIdleConnections(agent: http.Agent | undefined, url: URL): void {
  if (!agent) return
  const host = url.hostname.replace(/^\[|\]$/g, '')
  const port = url.port || (url.protocol === 'https:' ? '443' : '80')
  // Agent pool names are `host:port:localAddress[:tls options…]` (agent.getName).
  const prefix = `${host}:${port}:`
  for (const [name, sockets] of Object.entries(agent.freeSockets)) {
    if (name.startsWith(prefix)) for (const s of [...(sockets ?? [])]) s.destroy()
  }
}

/**
 * A connection-per-request agent with the pooled agent's options (TLS settings included), so a
 * replay cannot land on yet another stale pooled connection. undefined for agent subclasses
 * (proxy agents and the like), which cannot be copied faithfully.
 */
export function freshAgent(agent: http.Agent | undefined): http.Agent | undefined {
  if (!agent) return undefined
  const options = { ...(agent as { options?: http.AgentOptions }).options, keepAlive: false }
  if (agent.constructor === https.Agent) return new https.Agent(options as https.AgentOptions)
  if (agent.constructor === http.Agent) return new http.Agent(options)
  return undefined
}
