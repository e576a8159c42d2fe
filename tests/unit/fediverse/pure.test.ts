import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  authCapabilities,
  createPkcePair,
  errorFromResponse,
  FediverseError,
  isLoopbackHost,
  normalizeInstanceUrl,
  parseRetryAfter,
  parseSignInInput,
  parseTokenResponse,
  passwordGrantSupport,
  pkceChallenge,
  randomState,
  readInstanceDocs,
  readOAuthMetadata,
  softwareFromNodeinfo,
  softwareFromVersion
} from '../../../src/main/fediverse'

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(
    readFileSync(new URL(`../../sim/fixtures/${name}`, import.meta.url), 'utf8')
  ) as Record<string, unknown>

const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
  url: 'https://social.example/oauth/token'
})

describe('normalizeInstanceUrl', () => {
  it('turns a bare domain into https and strips trailing slashes', () => {
    expect(normalizeInstanceUrl('social.example')).toBe('https://social.example')
    expect(normalizeInstanceUrl(' https://social.example/ ')).toBe('https://social.example')
    expect(normalizeInstanceUrl('https://example.org/mastodon/')).toBe(
      'https://example.org/mastodon'
    )
  })

  it('allows plain http only for loopback hosts, and gives bare loopback hosts http', () => {
    expect(normalizeInstanceUrl('http://127.0.0.1:3000')).toBe('http://127.0.0.1:3000')
    expect(normalizeInstanceUrl('http://[::1]:3000')).toBe('http://[::1]:3000')
    expect(normalizeInstanceUrl('localhost:3000')).toBe('http://localhost:3000')
    expect(() => normalizeInstanceUrl('http://social.example')).toThrow(
      expect.objectContaining({ code: 'insecure_url' })
    )
  })

  it('rejects what is not a server address', () => {
    for (const bad of [
      '',
      'not a url',
      'ftp://social.example',
      'https://user:pw@social.example',
      'intranet'
    ]) {
      expect(() => normalizeInstanceUrl(bad), bad).toThrow(
        expect.objectContaining({ code: 'invalid_url' })
      )
    }
  })

  it('knows the loopback hosts', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost'].every(isLoopbackHost)).toBe(true)
    expect(
      ['128.0.0.1', 'example.com', '10.0.0.1', 'localhost.example.com'].some(isLoopbackHost)
    ).toBe(false)
  })

  it('parses handles and server addresses', () => {
    expect(parseSignInInput('@Alice@Social.Example')).toMatchObject({
      kind: 'handle',
      username: 'Alice',
      domain: 'social.example'
    })
    expect(parseSignInInput('alice@social.example')).toMatchObject({
      kind: 'handle',
      username: 'alice'
    })
    expect(parseSignInInput('https://social.example')).toMatchObject({
      kind: 'server',
      baseUrl: 'https://social.example'
    })
    expect(() => parseSignInInput('@alice@http')).toThrow(FediverseError)
  })
})

describe('PKCE and state', () => {
  it('derives the S256 challenge as base64url(sha256(verifier))', () => {
    const { verifier, challenge, method } = createPkcePair()
    expect(method).toBe('S256')
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(challenge).toBe(createHash('sha256').update(verifier).digest('base64url'))
    expect(pkceChallenge(verifier)).toBe(challenge)
    expect(createPkcePair().verifier).not.toBe(verifier)
  })

  it('makes unguessable states', () => {
    expect(randomState()).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(randomState()).not.toBe(randomState())
  })
})

describe('software detection', () => {
  it('reads software.name from real NodeInfo documents, lowercased', () => {
    expect(softwareFromNodeinfo(fixture('mastodon-4.6-nodeinfo-2.0.json'))).toEqual({
      software: 'mastodon',
      version: '4.6.4'
    })
    expect(softwareFromNodeinfo(fixture('akkoma-3.0.0-nodeinfo-2.0.abridged.json'))).toMatchObject({
      software: 'akkoma',
      version: '3.0.0'
    })
    expect(softwareFromNodeinfo(fixture('pleroma-2.2.50-nodeinfo-2.0.json'))?.software).toBe(
      'pleroma'
    )
    expect(softwareFromNodeinfo(fixture('gotosocial-0.19.2-nodeinfo-2.0.json'))).toEqual({
      software: 'gotosocial',
      version: 'v0.19.2'
    })
    expect(softwareFromNodeinfo(fixture('snac-2.94-nodeinfo-2.0.json'))?.software).toBe('snac')
    expect(
      softwareFromNodeinfo({
        software: { name: 'Fedibird' },
        metadata: { upstream: { name: 'Mastodon' } }
      })
    ).toEqual({
      software: 'fedibird',
      upstream: 'mastodon'
    })
    expect(
      softwareFromNodeinfo({ software: { name: 'corgidon', version: '3.1.3' }, metadata: [] })
    ).toEqual({
      software: 'corgidon',
      version: '3.1.3'
    })
    expect(softwareFromNodeinfo('<html>')).toBeUndefined()
  })

  it('falls back to /api/v1/instance version patterns', () => {
    expect(softwareFromVersion('2.7.2 (compatible; Pleroma 2.0.50-536-g25eec6d7-develop)')).toEqual(
      {
        software: 'pleroma',
        version: '2.0.50-536-g25eec6d7-develop'
      }
    )
    expect(softwareFromVersion('2.7.2 (compatible; Akkoma 3.0.0)')?.software).toBe('akkoma')
    expect(softwareFromVersion('takahe/0.11.0')).toEqual({ software: 'takahe', version: '0.11.0' })
    expect(softwareFromVersion('4.0.0 (not true; really snac/2.94)')).toEqual({
      software: 'snac',
      version: '2.94'
    })
    expect(softwareFromVersion('v0.19.2')).toEqual({ software: 'gotosocial', version: 'v0.19.2' })
    expect(softwareFromVersion('3.5.3+0.19.2')).toEqual({
      software: 'gotosocial',
      version: '0.19.2'
    })
    expect(softwareFromVersion('4.5.0-nightly.2025-07-11')).toEqual({
      software: 'mastodon',
      version: '4.5.0-nightly.2025-07-11'
    })
    expect(softwareFromVersion('')).toBeUndefined()
  })
})

describe('instance documents', () => {
  it('reads limits from the v2 configuration first', () => {
    const facts = readInstanceDocs(
      fixture('gotosocial-0.19.2-instance-v2.json'),
      fixture('gotosocial-0.19.2-instance-v1.json')
    )
    expect(facts.limits).toMatchObject({
      maxStatusLen: 5000,
      maxAttachments: 6,
      maxAttSize: 41943040
    })
    expect(facts.limits.supportedMimeTypes).toContain('image/webp')
    expect(facts.version).toBe('v0.19.2')
  })

  it('uses v1 when v2 is missing, and the original defaults when nothing is said', () => {
    expect(readInstanceDocs(undefined, fixture('snac-2.94-instance-v1.json')).limits).toMatchObject(
      {
        maxStatusLen: 100000,
        maxAttachments: 4,
        maxAttSize: 16777216
      }
    )
    expect(
      readInstanceDocs(
        undefined,
        { version: '1', max_toot_chars: 5000, uri: 'https://pl.example/' },
        'pleroma'
      )
    ).toMatchObject({
      limits: {
        maxStatusLen: 5000,
        maxAttachments: 10,
        maxAttSize: 10_000_000,
        supportedMimeTypes: []
      },
      accountDomain: 'pl.example'
    })
  })
})

describe('auth capabilities', () => {
  it('decides the password grant from advertised grant types when there are any', () => {
    const m43 = readOAuthMetadata(fixture('mastodon-4.3-oauth-authorization-server.json'))
    const m46 = readOAuthMetadata(fixture('mastodon-4.6-oauth-authorization-server.json'))
    expect(passwordGrantSupport({ software: 'mastodon', version: '4.3.0' }, m43).support).toBe(
      'supported'
    )
    const refused = passwordGrantSupport({ software: 'mastodon', version: '4.6.4' }, m46)
    expect(refused.support).toBe('unsupported')
    expect(refused.reason).toMatch(/does not allow password sign-in/)
  })

  it('falls back to what is known about the software, keeping unknown apart from unsupported', () => {
    const verdict = (software: string, version?: string) =>
      passwordGrantSupport({ software, version }, undefined).support
    expect(verdict('pleroma')).toBe('supported')
    expect(verdict('akkoma')).toBe('supported')
    expect(verdict('mastodon', '4.2.10')).toBe('supported')
    expect(verdict('mastodon', '4.4.0')).toBe('unsupported')
    expect(verdict('mastodon')).toBe('unknown')
    for (const s of ['gotosocial', 'takahe', 'hollo', 'friendica', 'snac'])
      expect(verdict(s), s).toBe('unsupported')
    expect(verdict('pixelfed')).toBe('unknown')
    expect(verdict('something-new')).toBe('unknown')
    expect(passwordGrantSupport(undefined, undefined).support).toBe('unknown')
  })

  it('reports PKCE, revocation, refresh tokens and the loopback port exception', () => {
    const m43 = readOAuthMetadata(fixture('mastodon-4.3-oauth-authorization-server.json'))
    const masto = authCapabilities(
      'https://m.example',
      { software: 'mastodon', version: '4.3.0' },
      m43
    )
    expect(masto).toMatchObject({
      metadata: true,
      pkce: 'supported',
      revocation: 'supported',
      refreshTokens: 'unsupported',
      loopbackPortException: true
    })
    const gts = authCapabilities(
      'https://g.example',
      { software: 'gotosocial', version: 'v0.19.2' },
      undefined
    )
    expect(gts).toMatchObject({
      metadata: false,
      pkce: 'supported',
      revocation: 'supported',
      loopbackPortException: false
    })
    expect(gts.tokenEndpoint).toBe('https://g.example/oauth/token')
    expect(authCapabilities('https://p.example', { software: 'pleroma' }, undefined)).toMatchObject(
      { refreshTokens: 'supported', pkce: 'unknown' }
    )
    expect(
      authCapabilities(
        'https://f.example',
        { software: 'fedibird', upstream: 'mastodon' },
        undefined
      ).loopbackPortException
    ).toBe(true)
  })

  it('ignores an HTML page or junk where metadata should be', () => {
    expect(readOAuthMetadata(undefined)).toBeUndefined()
    expect(readOAuthMetadata({ hello: 'world' })).toBeUndefined()
  })
})

describe('errorFromResponse: the mapping table', () => {
  const code = (status: number, body: unknown, ctx = {}, headers = {}) =>
    errorFromResponse(answer(status, body, headers), 'request_token', ctx)

  it('maps OAuth errors', () => {
    expect(code(400, { error: 'unsupported_grant_type' }, { grant: 'password' }).code).toBe(
      'unsupported_grant'
    )
    expect(code(400, { error: 'invalid_grant_type' }).code).toBe('unsupported_grant') // Takahē
    expect(code(400, { error: 'invalid_grant' }, { grant: 'password' }).code).toBe(
      'invalid_credentials'
    )
    expect(code(400, { error: 'Invalid credentials' }, { grant: 'password' }).code).toBe(
      'invalid_credentials'
    ) // Pleroma
    expect(code(400, { error: 'invalid_grant' }, { grant: 'authorization_code' }).code).toBe(
      'invalid_grant'
    )
    expect(
      code(401, { error: 'invalid_client', error_description: 'Client authentication failed' }).code
    ).toBe('invalid_client')
    const mfa = code(403, { error: 'mfa_required', mfa_token: 'x' }, { grant: 'password' })
    expect(mfa.code).toBe('unsupported_grant')
    expect(mfa.message).toMatch(/two-factor/)
  })

  it('hints at two-factor authentication and the e-mail address when Mastodon refuses a password', () => {
    const e = code(400, { error: 'invalid_grant' }, { grant: 'password', software: 'mastodon' })
    expect(e.message).toMatch(/e-mail address/)
    expect(e.message).toMatch(/two-factor/)
  })

  it('maps statuses, keeping the server message', () => {
    const e = code(401, { error: 'The access token is invalid' })
    expect(e).toMatchObject({
      code: 'unauthorized',
      status: 401,
      serverMessage: 'The access token is invalid',
      step: 'request_token'
    })
    expect(code(403, { error: 'Your login is currently disabled' }).code).toBe('forbidden')
    expect(code(403, { error: 'Invalid credentials.' }, { authenticated: true }).code).toBe(
      'unauthorized'
    ) // Pleroma bad token
    expect(code(422, '', { authenticated: true }).code).toBe('unauthorized') // snac bad token
    expect(code(502, 'Bad gateway').code).toBe('server_error')
    expect(
      code(404, {
        error: { code: 'UNKNOWN_API_ENDPOINT', id: 'x', message: 'Unknown API endpoint.' }
      }).code
    ).toBe('unsupported_server')
    expect(code(404, { error: 'Record not found' }).code).toBe('unsupported_server')
    expect(
      errorFromResponse(
        { ...answer(404, '<!doctype html><p>nope'), headers: { 'content-type': 'text/html' } },
        'register_app'
      ).code
    ).toBe('not_fediverse')
  })

  it('reads Retry-After as seconds or a date, else Mastodon ISO X-RateLimit-Reset', () => {
    const now = Date.parse('2026-08-01T13:50:00Z')
    expect(code(429, {}, { now }, { 'retry-after': '42' })).toMatchObject({
      code: 'rate_limited',
      retryAfterSeconds: 42
    })
    expect(parseRetryAfter({ 'retry-after': 'Sat, 01 Aug 2026 13:51:00 GMT' }, now)).toBe(60)
    expect(parseRetryAfter({ 'x-ratelimit-reset': '2026-08-01T13:55:00.459402Z' }, now)).toBe(301)
    expect(parseRetryAfter({}, now)).toBeUndefined()
  })
})

describe('parseTokenResponse', () => {
  it('keeps the whole token set and counts expiry from receipt', () => {
    const t = parseTokenResponse(
      {
        access_token: 'a',
        token_type: 'Bearer',
        scope: 'read write',
        refresh_token: 'r',
        expires_in: 600,
        created_at: 1795828457
      },
      1795828458_000,
      'request_token',
      'https://p.example'
    )
    expect(t).toEqual({
      accessToken: 'a',
      tokenType: 'Bearer',
      scope: ['read', 'write'],
      refreshToken: 'r',
      expiresAt: 1795828458_000 + 600_000,
      createdAt: 1795828457000
    })
  })

  it('treats an answer without access_token as a bad response', () => {
    expect(() =>
      parseTokenResponse({ error: 'x' }, 0, 'request_token', 'https://p.example')
    ).toThrow(expect.objectContaining({ code: 'bad_response' }))
  })
})
