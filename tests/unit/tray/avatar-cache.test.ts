import axios from 'axios'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { AvatarCache, type AvatarCacheOptions } from '../../../src/main/tray/avatar-cache'

const png = readFileSync(resolve(__dirname, '../../../resources/trayTemplate@2x.png'))
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 7)])
const webp = Buffer.from('RIFF\x00\x00\x00\x00WEBPVP8 ', 'latin1')

// A small avatar host on the loopback interface: each path answers in its own way.
let server: Server
let base: string
const hits: string[] = []
beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '')
    switch (req.url) {
      case '/a.png':
      case '/b.png':
        res.writeHead(200, { 'content-type': 'image/png' }).end(png)
        return
      case '/c.jpg':
        res.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg)
        return
      case '/lying.png':
        res.writeHead(200, { 'content-type': 'image/png' }).end(webp)
        return
      case '/big.png':
        res
          .writeHead(200, { 'content-type': 'image/png' })
          .end(Buffer.concat([png, Buffer.alloc(4096)]))
        return
      case '/moved.png':
        res.writeHead(302, { location: '/a.png' }).end()
        return
      case '/slow.png':
        return // never answers
      default:
        res.writeHead(404).end()
    }
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((r) => server.close(r))
})

let dir: string
let now = 1_000_000
const warnings: Array<Record<string, unknown> | undefined> = []
beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'fedivault-avatars-')), 'avatars')
  hits.length = 0
  warnings.length = 0
  now = 1_000_000
})
afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }))

function cache(overrides: Partial<AvatarCacheOptions> = {}) {
  return new AvatarCache({
    dir,
    http: axios.create(),
    clock: { now: () => now },
    // The test server speaks plain http; production keeps the https-only default.
    allowedProtocols: ['http:'],
    maxBytes: png.length + 100,
    // The production default: an answer that merely comes slowly (a busy machine) still counts.
    timeoutMs: 10_000,
    log: { warn: (_m, fields) => void warnings.push(fields) },
    ...overrides
  })
}

describe('AvatarCache', () => {
  test('downloads into the cache dir under a short hashed name, owner-only', async () => {
    const file = await cache().fetch(`${base}/a.png`)
    expect(file).toMatch(/[/\\][0-9a-f]{20}\.png$/)
    expect(readFileSync(file!)).toEqual(png)
    expect(readdirSync(dir)).toEqual([file!.slice(dir.length + 1)])
    if (process.platform !== 'win32') {
      expect(statSync(file!).mode & 0o777).toBe(0o600)
      expect(statSync(dir).mode & 0o777).toBe(0o700)
    }
  })

  test('JPEG is kept as .jpg', async () => {
    expect(await cache().fetch(`${base}/c.jpg`)).toMatch(/\.jpg$/)
  })

  test('a cached avatar is reused, also by a later run, without another request', async () => {
    const first = await cache().fetch(`${base}/a.png`)
    const later = cache()
    expect(later.cached(`${base}/a.png`)).toBe(first)
    expect(await later.fetch(`${base}/a.png`)).toBe(first)
    expect(hits).toEqual(['/a.png'])
  })

  test('concurrent requests for one URL share one download', async () => {
    const c = cache()
    const [x, y] = await Promise.all([c.fetch(`${base}/b.png`), c.fetch(`${base}/b.png`)])
    expect(x).toBe(y)
    expect(hits).toEqual(['/b.png'])
  })

  // Only the server that never answers needs a short timeout: it is what is being waited out.
  test.each([
    ['missing (404)', '/nope.png', {}],
    ['not PNG or JPEG, whatever the content type says', '/lying.png', {}],
    ['larger than the limit', '/big.png', {}],
    ['a redirect (not followed)', '/moved.png', {}],
    ['no answer within the timeout', '/slow.png', { timeoutMs: 300 }]
  ])(
    '%s: no icon, nothing written, a warning without the URL path',
    async (_name, path, options) => {
      expect(await cache(options).fetch(`${base}${path}`)).toBeUndefined()
      expect(hits).toEqual([path])
      expect(safeList(dir)).toEqual([])
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toMatchObject({ host: new URL(base).host })
      expect(JSON.stringify(warnings[0])).not.toContain(path)
    }
  )

  test('https only by default: an http URL is never requested', async () => {
    const strict = cache({ allowedProtocols: undefined })
    expect(await strict.fetch(`${base}/a.png`)).toBeUndefined()
    expect(await strict.fetch('not a url')).toBeUndefined()
    expect(hits).toEqual([])
  })

  test('a failed URL is not retried until the retry delay has passed', async () => {
    const c = cache({ retryAfterMs: 60_000 })
    await c.fetch(`${base}/nope.png`)
    expect(c.wouldFetch(`${base}/nope.png`)).toBe(false)
    await c.fetch(`${base}/nope.png`)
    expect(hits).toEqual(['/nope.png'])
    now += 60_000
    expect(c.wouldFetch(`${base}/nope.png`)).toBe(true)
    await c.fetch(`${base}/nope.png`)
    expect(hits).toEqual(['/nope.png', '/nope.png'])
  })

  test('prune removes avatars no account uses any more and leaves other files alone', async () => {
    const c = cache()
    const keep = await c.fetch(`${base}/a.png`)
    const drop = await c.fetch(`${base}/c.jpg`)
    writeFileSync(join(dir, 'notes.txt'), 'not ours')
    expect(await c.prune([`${base}/a.png`])).toBe(1)
    expect(safeList(dir).sort()).toEqual([keep!.slice(dir.length + 1), 'notes.txt'].sort())
    expect(c.cached(`${base}/c.jpg`)).toBeUndefined()
    expect(drop).toBeDefined()
  })

  test('prune on a cache that was never written is harmless', async () => {
    expect(await cache().prune([])).toBe(0)
  })
})

function safeList(path: string): string[] {
  try {
    return readdirSync(path)
  } catch {
    return []
  }
}
