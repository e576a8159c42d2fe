import http, { type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AccountSummary } from '@shared/domain/account'
import { RingAuditLog } from '../../../src/main/endpoint/audit-log'
import { ScriptAccessService, type ScriptAccessDeps } from '../../../src/main/endpoint/service'
import { MemoryAccountSource, MemorySettingsStore } from '../../support/endpoint-doubles'

export function account(id: string, overrides: Partial<AccountSummary> = {}): AccountSummary {
  const [username = id, domain = 'social.example'] = id.split('@')
  return {
    id,
    username,
    domain,
    apiBaseUrl: `https://${domain}`,
    software: 'mastodon',
    api: 'mastodon',
    displayName: username.toUpperCase(),
    emojis: [],
    status: 'ok',
    active: false,
    position: 0,
    ...overrides
  }
}

/** alice (active), bob, and carol whose token the server revoked. */
export function sampleSource(apiBaseUrl = 'https://social.example'): MemoryAccountSource {
  return new MemoryAccountSource(
    [
      account('alice@social.example', { active: true, apiBaseUrl, avatar: 'https://a/x.png' }),
      account('bob@social.example', { position: 1, apiBaseUrl }),
      account('carol@other.example', { position: 2, status: 'needs_reauth' })
    ],
    {
      'alice@social.example': {
        accessToken: 'alice-token-0123456789',
        tokenType: 'Bearer',
        scopes: ['read', 'write'],
        expiresAt: null
      },
      'bob@social.example': {
        accessToken: 'bob-token-9876543210',
        tokenType: 'bearer',
        scopes: ['read'],
        expiresAt: Date.UTC(2030, 0, 2, 3, 4, 5)
      }
    }
  )
}

export interface Harness {
  service: ScriptAccessService
  source: MemoryAccountSource
  audit: RingAuditLog
  settings: MemorySettingsStore
  dataDir: string
  port: number
  secret: string
  cleanup(): Promise<void>
}

/** A running endpoint in a fresh data directory. */
export async function startEndpoint(
  overrides: Partial<ScriptAccessDeps> & { source?: MemoryAccountSource } = {}
): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fedivault-endpoint-'))
  const source = overrides.source ?? sampleSource()
  const audit = new RingAuditLog()
  const settings = new MemorySettingsStore()
  const service = new ScriptAccessService({
    accounts: source,
    audit,
    settings,
    dataDir,
    version: '0.1.0-test',
    ...overrides
  })
  const state = await service.start()
  if (!state.running || state.port === undefined) throw new Error(`not running: ${state.error}`)
  return {
    service,
    source,
    audit,
    settings,
    dataDir,
    port: state.port,
    secret: service.secret()!,
    cleanup: async () => {
      await service.shutdown()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

export interface Reply {
  status: number
  headers: IncomingHttpHeaders
  text: string
  json: () => unknown
}

/**
 * One request with full control over the headers (Host included): `headers.host` replaces the
 * default, and `host: null` sends none.
 */
export function send(
  port: number,
  options: {
    method?: string
    path: string
    headers?: Record<string, string | null>
    body?: string | Buffer
  }
): Promise<Reply> {
  const headers: OutgoingHttpHeaders = { host: `127.0.0.1:${port}` }
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === null) delete headers[name]
    else headers[name] = value
  }
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers,
        setHost: false,
        agent: false
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json: () => JSON.parse(text)
          })
        })
        res.on('error', reject)
      }
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

export function authed(secret: string, extra: Record<string, string | null> = {}) {
  return { authorization: `Bearer ${secret}`, ...extra }
}

export function corsHeaders(headers: IncomingHttpHeaders): string[] {
  return Object.keys(headers).filter((name) => name.startsWith('access-control-'))
}
