import { createHash, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from '../logging/logger'
import { systemClock, type Clock } from '../clock'

/** The slice of axios the cache uses; an axios instance satisfies it. */
export interface AvatarHttpClient {
  get(
    url: string,
    config: {
      responseType: 'arraybuffer'
      timeout: number
      maxContentLength: number
      maxRedirects: number
      validateStatus: (status: number) => boolean
    }
  ): Promise<{ status: number; data: unknown }>
}

export interface AvatarCacheOptions {
  /** Directory the images are kept in (created on first use, owner-only). */
  dir: string
  http: AvatarHttpClient
  clock?: Clock
  maxBytes?: number
  timeoutMs?: number
  /** A failed URL is not tried again before this long has passed. */
  retryAfterMs?: number
  /** Defaults to https only: see `#allowed`. */
  allowedProtocols?: readonly string[]
  log?: Pick<Logger, 'warn'>
}

const FILE_NAME = /^[0-9a-f]{20}\.(png|jpg)$/

/**
 * Small local copies of account avatars for the tray menu. Files are named by a hash of the URL:
 * Mastodon gives a changed avatar a new URL, so a name never goes stale, and `prune` removes the
 * ones no account uses any more. Only PNG and JPEG are kept, the formats nativeImage can load;
 * anything else, and any failure, means "no icon".
 */
export class AvatarCache {
  readonly #dir: string
  readonly #http: AvatarHttpClient
  readonly #clock: Clock
  readonly #maxBytes: number
  readonly #timeoutMs: number
  readonly #retryAfterMs: number
  readonly #protocols: ReadonlySet<string>
  readonly #log: AvatarCacheOptions['log']
  readonly #known = new Map<string, string>()
  readonly #failedAt = new Map<string, number>()
  readonly #inFlight = new Map<string, Promise<string | undefined>>()

  constructor(options: AvatarCacheOptions) {
    this.#dir = options.dir
    this.#http = options.http
    this.#clock = options.clock ?? systemClock
    this.#maxBytes = options.maxBytes ?? 512 * 1024
    this.#timeoutMs = options.timeoutMs ?? 10_000
    this.#retryAfterMs = options.retryAfterMs ?? 15 * 60_000
    this.#protocols = new Set(options.allowedProtocols ?? ['https:'])
    this.#log = options.log
  }

  /** The local file for `url` if it is already on disk; never touches the network. */
  cached(url: string): string | undefined {
    const known = this.#known.get(url)
    if (known) return known
    for (const ext of ['png', 'jpg'] as const) {
      const file = join(this.#dir, `${key(url)}.${ext}`)
      if (existsSync(file)) {
        this.#known.set(url, file)
        return file
      }
    }
    return undefined
  }

  /** Whether `fetch(url)` would go to the network now (not cached, not recently failed). */
  wouldFetch(url: string): boolean {
    if (this.cached(url) || !this.#allowed(url)) return false
    const failedAt = this.#failedAt.get(url)
    return failedAt === undefined || this.#clock.now() - failedAt >= this.#retryAfterMs
  }

  /** Resolves to the local file, or undefined when there is no usable image. Never rejects. */
  fetch(url: string): Promise<string | undefined> {
    const cached = this.cached(url)
    if (cached) return Promise.resolve(cached)
    if (!this.wouldFetch(url)) return Promise.resolve(undefined)
    const pending = this.#inFlight.get(url)
    if (pending) return pending
    const task = this.#download(url).finally(() => this.#inFlight.delete(url))
    this.#inFlight.set(url, task)
    return task
  }

  /** Deletes cached images whose URL is not in `keepUrls`; returns how many were removed. */
  async prune(keepUrls: Iterable<string>): Promise<number> {
    const keep = new Set([...keepUrls].map(key))
    let names: string[]
    try {
      names = await readdir(this.#dir)
    } catch {
      return 0
    }
    let removed = 0
    for (const name of names) {
      if (!FILE_NAME.test(name) || keep.has(name.slice(0, 20))) continue
      await rm(join(this.#dir, name), { force: true })
      removed++
    }
    for (const [url] of this.#known) if (!keep.has(key(url))) this.#known.delete(url)
    return removed
  }

  async #download(url: string): Promise<string | undefined> {
    try {
      const response = await this.#http.get(url, {
        responseType: 'arraybuffer',
        timeout: this.#timeoutMs,
        maxContentLength: this.#maxBytes,
        // A redirect could lead anywhere, including plain http on the loopback interface.
        maxRedirects: 0,
        validateStatus: (status) => status === 200
      })
      const bytes = toBuffer(response.data)
      if (!bytes || bytes.length > this.#maxBytes) throw new Error('unusable response body')
      const ext = imageType(bytes)
      if (!ext) throw new Error('not a PNG or JPEG image')
      // Avatars say which accounts someone has: keep them out of other users' reach.
      await mkdir(this.#dir, { recursive: true, mode: 0o700 })
      const file = join(this.#dir, `${key(url)}.${ext}`)
      const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`
      await writeFile(temp, bytes, { mode: 0o600 })
      await rename(temp, file)
      this.#known.set(url, file)
      this.#failedAt.delete(url)
      return file
    } catch (error) {
      this.#failedAt.set(url, this.#clock.now())
      this.#log?.warn('avatar-cache: download failed', {
        host: safeHost(url),
        error: error instanceof Error ? error.message : String(error)
      })
      return undefined
    }
  }

  /**
   * The URL comes from a remote server and the request is made by the main process, so it must
   * not be steerable at plain-http services on this machine or network (our own token endpoint,
   * a router's admin page).
   */
  #allowed(url: string): boolean {
    try {
      return this.#protocols.has(new URL(url).protocol)
    } catch {
      return false
    }
  }
}

function key(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 20)
}

function toBuffer(data: unknown): Buffer | undefined {
  if (Buffer.isBuffer(data)) return data
  if (data instanceof ArrayBuffer) return Buffer.from(data)
  if (data instanceof Uint8Array) return Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  return undefined
}

function imageType(bytes: Buffer): 'png' | 'jpg' | undefined {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return 'png'
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg'
  return undefined
}

function safeHost(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return '(invalid url)'
  }
}
