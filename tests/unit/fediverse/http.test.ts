import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { inspect } from 'node:util'
import axios from 'axios'
import { afterEach, describe, expect, it } from 'vitest'
import {
  ActivityPub,
  buildAuthorizationUrl,
  createHttpClient,
  exchangeAuthorizationCode,
  registerClient,
  revokeToken,
  USER_AGENT,
  verifyCredentials
} from '../../../src/main/fediverse'
import { send } from '../../../src/main/fediverse/http/request'
import { ALICE, failure, quickClient, useSimulators } from './support'

const sim = useSimulators()
const servers: Server[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections()
    await new Promise((r) => s.close(r))
  }
})

/** A bare server whose behaviour each test writes itself. */
async function server(
  handler: (req: IncomingMessage, res: ServerResponse) => void
): Promise<string> {
  const s = createServer(handler)
  servers.push(s)
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`
}

describe('HTTP hygiene', () => {
  it('sends the User-Agent on every request, through the caller’s own client', async () => {
    const s = await sim('mastodon-4.3')
    const agents: string[] = []
    const url = await server((req, res) => {
      agents.push(String(req.headers['user-agent']))
      res.writeHead(302, { location: `${s.url}/api/v1/instance` }).end()
    })
    const client = axios.create()
    let seen = 0
    client.interceptors.request.use((c) => {
      seen++
      return c
    })
    await new ActivityPub({ instance: s.url, accessToken: 'x', client }).determineInstanceType()
    await send(client, { step: 'instance', method: 'GET', url })
    expect(seen).toBeGreaterThanOrEqual(6)
    expect(agents).toEqual([USER_AGENT])
  })

  it('times out on a server that never answers', async () => {
    const s = await sim('black-hole')
    const started = Date.now()
    const e = await failure(ActivityPub.createApp({ instanceUrl: s.url, client: quickClient() }))
    expect(e).toMatchObject({ code: 'timeout', step: 'register_app' })
    expect(Date.now() - started).toBeLessThan(3000)
  })

  it('stops reading a response larger than the cap', async () => {
    const s = await sim('huge-body')
    const e = await failure(ActivityPub.createApp({ instanceUrl: s.url }))
    expect(e).toMatchObject({ code: 'bad_response', step: 'register_app' })
    expect(String(e.message)).toMatch(/larger than 4 MiB/)
  })

  it('reports a refused connection as a network failure', async () => {
    const s = await sim('mastodon-4.6')
    await s.setOffline(true)
    expect(await failure(ActivityPub.createApp({ instanceUrl: s.url }))).toMatchObject({
      code: 'network',
      step: 'register_app'
    })
  })

  it('maps 5xx to server_error with the server’s words', async () => {
    const url = await server((_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"Maintenance"}')
    })
    expect(await failure(ActivityPub.createApp({ instanceUrl: url }))).toMatchObject({
      code: 'server_error',
      status: 503,
      serverMessage: 'Maintenance'
    })
  })

  it('retries once, on a new connection, when a reused keep-alive connection turns out to be closed', async () => {
    // Like a server that closed an idle connection just as the client reused it.
    const served = new WeakSet<Socket>()
    let connections = 0
    let requests = 0
    const url = await server((req, res) => {
      requests++
      if (served.has(req.socket)) {
        req.socket.destroy()
        return
      }
      served.add(req.socket)
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
    })
    servers[servers.length - 1]!.on('connection', () => connections++)
    const client = createHttpClient()
    const first = await send(client, { step: 'instance', method: 'GET', url })
    // A POST that is not marked replay-safe surfaces the failure instead.
    const e = await failure(
      send(client, { step: 'register_app', method: 'POST', url, form: { a: 'b' } })
    )
    expect(e).toMatchObject({ code: 'network' })
    const second = await send(client, { step: 'instance', method: 'GET', url })
    const third = await send(client, { step: 'instance', method: 'GET', url })
    expect([first.status, second.status, third.status]).toEqual([200, 200, 200])
    expect([connections, requests]).toEqual([3, 5])
  })

  it('never replays a request once any of the answer has come back', async () => {
    // The server took the request, started answering and died: it may have acted on it, so a
    // replay could do it twice (snac deletes the app on revoke: the replay would get a 401).
    const served = new WeakSet<Socket>()
    let requests = 0
    const url = await server((req) => {
      requests++
      const socket = req.socket
      if (served.has(socket)) {
        socket.write('HTTP/1.1 200 OK\r\nContent-Ty', () => socket.resetAndDestroy())
        return
      }
      served.add(socket)
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}')
    })
    const client = createHttpClient()
    await send(client, { step: 'instance', method: 'GET', url })
    const e = await failure(
      send(client, { step: 'revoke_token', method: 'POST', url, form: {}, replaySafe: true })
    )
    expect(e).toMatchObject({ code: 'network' })
    expect(requests).toBe(2)
  })

  it('snac: one request per call, whichever way it answers, though it closes every connection', async () => {
    const s = await sim('snac')
    const client = createHttpClient()
    const apiBaseUrl = s.url
    const app = await registerClient({ apiBaseUrl, client })
    for (let round = 0; round < 3; round++) {
      const { code } = await s.approve(
        buildAuthorizationUrl({ apiBaseUrl, clientId: app.clientId, forceLogin: true }),
        ALICE
      )
      s.resetStats()
      const creds = { apiBaseUrl, clientId: app.clientId, clientSecret: app.clientSecret, client }
      const { accessToken } = await exchangeAuthorizationCode({ ...creds, code: code! })
      await verifyCredentials({ apiBaseUrl, accessToken, client })
      const bad = await failure(verifyCredentials({ apiBaseUrl, accessToken: 'nope', client }))
      expect(bad).toMatchObject({ code: 'unauthorized', status: 422 })
      await revokeToken({ ...creds, token: accessToken })
      expect(s.stats.log.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
        'POST /oauth/token 200',
        'GET /api/v1/accounts/verify_credentials 200',
        'GET /api/v1/accounts/verify_credentials 422',
        'POST /oauth/revoke 200'
      ])
      // snac deleted the app with the token: register again for the next round.
      Object.assign(app, await registerClient({ apiBaseUrl, client }))
    }
  })

  it('a request right after the server dropped every connection and came back succeeds', async () => {
    const s = await sim('mastodon-4.6')
    const client = createHttpClient()
    const get = () =>
      send(client, { step: 'instance', method: 'GET', url: `${s.url}/api/v1/instance` })
    // Several pooled connections, all of which the restart kills.
    await Promise.all([get(), get(), get(), get()])
    await s.setOffline(true)
    await s.setOffline(false)
    s.resetStats()
    expect((await get()).status).toBe(200)
    expect((await get()).status).toBe(200)
    expect(s.stats.byRoute).toEqual({ 'GET /api/v1/instance': 2 })
  })

  it('works against snac, which closes the connection after every response', async () => {
    const s = await sim('snac')
    const client = createHttpClient()
    for (let i = 0; i < 5; i++) {
      const res = await send(client, {
        step: 'instance',
        method: 'GET',
        url: `${s.url}/api/v1/instance`
      })
      expect(res.status).toBe(200)
    }
  })

  it('never sends Authorization to another origin on redirect', async () => {
    const s = await sim('cross-origin-redirect')
    const e = await failure(
      new ActivityPub({
        instance: s.url,
        accessToken: 'secret-token',
        client: createHttpClient()
      }).verifyCredentials()
    )
    expect(e).toMatchObject({ code: 'unauthorized', step: 'verify_credentials' })
    expect(s.otherOrigin!.requests).toHaveLength(1)
    expect(s.otherOrigin!.requests[0]!.authorization).toBeUndefined()
  })

  it('does not follow a POST to another origin, so secrets stay home', async () => {
    const s = await sim('cross-origin-redirect')
    const e = await failure(registerClient({ apiBaseUrl: s.url }))
    expect(e).toMatchObject({ code: 'bad_response', step: 'register_app' })
    expect(s.otherOrigin!.requests).toEqual([])
  })

  it('refuses a redirect from https-or-loopback to plain http elsewhere, without following it', async () => {
    const url = await server((_req, res) =>
      res.writeHead(302, { location: 'http://social.example/api/v1/instance' }).end()
    )
    expect(
      await failure(send(createHttpClient(), { step: 'instance', method: 'GET', url }))
    ).toMatchObject({ code: 'insecure_url' })
  })

  it('strips credentials from errors of its own client', async () => {
    const url = await server((req) => req.socket.destroy())
    const client = createHttpClient()
    const err = await failure(
      client.post(url, 'grant_type=password&username=alice&password=hunter2&client_secret=s3cret', {
        headers: { Authorization: 'Bearer tok3n' }
      })
    )
    const dump = inspect(err, { depth: 6 })
    for (const secret of ['hunter2', 's3cret', 'tok3n']) expect(dump).not.toContain(secret)
  })
})
