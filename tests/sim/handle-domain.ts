import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { sendJson, sendText } from './http'
import type { Simulator } from './server'

export interface HandleDomain {
  /** 'http://127.0.0.1:PORT' — the domain in people's handles, which serves no API. */
  url: string
  host: string
  requests: Array<{ method: string; path: string }>
  close(): Promise<void>
}

/**
 * A custom handle domain (Mastodon's LOCAL_DOMAIN ≠ WEB_DOMAIN): `@alice@<host>` is resolved here,
 * by WebFinger or — with `via: 'host-meta'` — by a host-meta document pointing at the simulator's
 * WebFinger, while the API lives on the simulator. The simulator's accounts take this domain.
 */
export async function startHandleDomain(options: {
  target: Simulator
  via?: 'webfinger' | 'host-meta'
}): Promise<HandleDomain> {
  const requests: HandleDomain['requests'] = []
  let host = ''
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    requests.push({ method: req.method ?? 'GET', path: url.pathname })
    if (url.pathname === '/.well-known/webfinger' && options.via !== 'host-meta') {
      const m = /^acct:@?([^@]+)@(.+)$/i.exec(url.searchParams.get('resource') ?? '')
      const user =
        m && options.target.users.find((u) => u.username.toLowerCase() === m[1]!.toLowerCase())
      if (!m || !user || m[2] !== host) return sendJson(res, 404, { error: 'not found' })
      return sendJson(
        res,
        200,
        {
          subject: `acct:${user.username}@${host}`,
          links: [
            {
              rel: 'http://webfinger.net/rel/profile-page',
              type: 'text/html',
              href: `${options.target.url}/@${user.username}`
            },
            {
              rel: 'self',
              type: 'application/activity+json',
              href: `${options.target.url}/users/${user.username}`
            }
          ]
        },
        { 'Content-Type': 'application/jrd+json; charset=utf-8' }
      )
    }
    if (url.pathname === '/.well-known/host-meta' && options.via === 'host-meta') {
      return sendText(
        res,
        200,
        `<?xml version="1.0" encoding="UTF-8"?>\n<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">\n  <Link rel="lrdd" type="application/jrd+json" template="${options.target.url}/.well-known/webfinger?resource={uri}"/>\n</XRD>\n`,
        'application/xrd+xml; charset=utf-8'
      )
    }
    sendText(res, 404, '<!doctype html><p>Nothing here</p>', 'text/html; charset=utf-8')
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const port = (server.address() as AddressInfo).port
  host = `127.0.0.1:${port}`
  options.target.setAccountDomain(host)
  return {
    url: `http://${host}`,
    host,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r())
        server.closeAllConnections()
      })
  }
}
