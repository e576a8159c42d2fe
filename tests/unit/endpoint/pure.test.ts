import { describe, expect, test } from 'vitest'
import {
  refuseDeclaredBody,
  refuseNonScriptRequest,
  allowedHosts
} from '../../../src/main/endpoint/guards'
import { RingAuditLog } from '../../../src/main/endpoint/audit-log'
import {
  authorizationFor,
  clientResponseHeaders,
  proxiedRedirect,
  upstreamRequestHeaders
} from '../../../src/main/endpoint/proxy-headers'
import { FailedAuthLimiter } from '../../../src/main/endpoint/rate-limiter'
import { routeRequest } from '../../../src/main/endpoint/routes'
import { bearerCredential, createSecret, secretMatcher } from '../../../src/main/endpoint/secret'

describe('routeRequest', () => {
  test('maps the three route families', () => {
    expect(routeRequest('GET', '/v1/accounts')).toEqual({ kind: 'accounts' })
    expect(routeRequest('GET', '/v1/token')).toEqual({ kind: 'token', account: undefined })
    expect(routeRequest('GET', '/v1/token?account=%40a%40b.example&x=1')).toEqual({
      kind: 'token',
      account: 'a@b.example'
    })
    expect(routeRequest('DELETE', '/v1/proxy/a%40b.example/api/v1/statuses/1?x=%2F')).toEqual({
      kind: 'proxy',
      handle: 'a@b.example',
      path: '/api/v1/statuses/1?x=%2F'
    })
  })

  test('refuses what it cannot map', () => {
    const code = (method: string, url: string) => {
      const route = routeRequest(method, url)
      return route.kind === 'refused' ? route.error.code : route.kind
    }
    expect(code('GET', '/')).toBe('not_found')
    expect(code('GET', 'http://evil.example/v1/token')).toBe('not_found')
    expect(code('GET', '/v1/token/')).toBe('not_found')
    expect(code('HEAD', '/v1/accounts')).toBe('method_not_allowed')
    expect(code('GET', '/v1/proxy/')).toBe('not_found')
    expect(code('GET', '/v1/proxy//api/v1/x')).toBe('not_found')
    expect(code('GET', '/v1/proxy/%E0%A4%A/api/v1/x')).toBe('bad_request')
    expect(code('GET', '/v1/proxy/a@b/api/v1/%E0%A4%A')).toBe('forbidden_path')
    expect(code('GET', '/v1/proxy/a@b/API/v1/x')).toBe('forbidden_path')
    expect(code('GET', '/v1/proxy/a@b/api/v1/x%2e%2E/..')).toBe('forbidden_path')
  })
})

describe('refuseNonScriptRequest', () => {
  const hosts = allowedHosts(4000)
  const facts = (headers: Record<string, string>, method = 'GET', remoteAddress = '127.0.0.1') => ({
    method,
    headers,
    remoteAddress
  })
  test('lets a plain local script through', () => {
    expect(refuseNonScriptRequest(facts({ host: '127.0.0.1:4000' }), hosts)).toBeNull()
    expect(refuseNonScriptRequest(facts({ host: 'localhost:4000' }), hosts)).toBeNull()
  })
  test('refuses other peers, hosts, browsers and preflights', () => {
    const code = (f: ReturnType<typeof facts>) => refuseNonScriptRequest(f, hosts)?.code
    expect(code(facts({ host: '127.0.0.1:4000' }, 'GET', '192.168.1.5'))).toBe('forbidden_host')
    expect(code(facts({ host: '127.0.0.1:4000' }, 'GET', ''))).toBe('forbidden_host')
    expect(code(facts({}))).toBe('forbidden_host')
    expect(code(facts({ host: 'rebound.example:4000' }))).toBe('forbidden_host')
    expect(code(facts({ host: '127.0.0.1:4000', origin: 'null' }))).toBe('browser_request')
    expect(code(facts({ host: '127.0.0.1:4000', 'sec-fetch-site': 'none' }))).toBe(
      'browser_request'
    )
    expect(
      code(facts({ host: '127.0.0.1:4000', 'access-control-request-method': 'GET' }, 'OPTIONS'))
    ).toBe('preflight_refused')
  })
  test('refuseDeclaredBody checks Content-Length against the limit', () => {
    expect(refuseDeclaredBody({}, 10)).toBeNull()
    expect(refuseDeclaredBody({ 'content-length': '10' }, 10)).toBeNull()
    expect(refuseDeclaredBody({ 'content-length': '11' }, 10)?.code).toBe('body_too_large')
    expect(refuseDeclaredBody({ 'content-length': 'x' }, 10)?.code).toBe('bad_request')
  })
})

describe('secret', () => {
  test('is 32 random bytes in base64url, different every time', () => {
    const a = createSecret()
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(createSecret()).not.toBe(a)
  })
  test('matches only the exact secret, whatever the length of the guess', () => {
    const matches = secretMatcher('s3cret')
    expect(matches('s3cret')).toBe(true)
    for (const guess of ['', 's', 's3cre', 's3cret ', 'S3cret', 's3cret'.repeat(100)]) {
      expect(matches(guess)).toBe(false)
    }
  })
  test('bearerCredential reads only the Bearer scheme', () => {
    expect(bearerCredential('Bearer abc')).toBe('abc')
    expect(bearerCredential('bearer  abc ')).toBe('abc')
    expect(bearerCredential('Bearer ')).toBeNull()
    expect(bearerCredential('Basic abc')).toBeNull()
    expect(bearerCredential('abc')).toBeNull()
    expect(bearerCredential(undefined)).toBeNull()
  })
})

describe('FailedAuthLimiter', () => {
  test('locks out after maxFailures within a window, and only then', () => {
    let now = 0
    const limiter = new FailedAuthLimiter(
      { now: () => now },
      { maxFailures: 3, windowMs: 1_000, lockoutMs: 5_000 }
    )
    expect(limiter.recordFailure()).toBe(false)
    expect(limiter.recordFailure()).toBe(false)
    now = 1_000 // the window has passed: the count starts again
    expect(limiter.recordFailure()).toBe(false)
    expect(limiter.recordFailure()).toBe(false)
    expect(limiter.retryAfterMs()).toBe(0)
    expect(limiter.recordFailure()).toBe(true)
    expect(limiter.retryAfterMs()).toBe(5_000)
    now += 4_999
    expect(limiter.retryAfterMs()).toBe(1)
    now += 1
    expect(limiter.retryAfterMs()).toBe(0)
  })
})

describe('proxy headers', () => {
  test('upstream gets the account Authorization and none of the script credentials or hop fields', () => {
    const out = upstreamRequestHeaders(
      {
        host: '127.0.0.1:1',
        authorization: 'Bearer secret',
        cookie: 'a=b',
        connection: 'close, x-hop',
        'x-hop': '1',
        te: 'trailers',
        'transfer-encoding': 'chunked',
        upgrade: 'websocket',
        expect: '100-continue',
        'x-forwarded-host': 'x',
        'sec-fetch-mode': 'cors',
        accept: 'application/json',
        'content-type': 'application/json',
        'content-length': '2'
      },
      'Bearer account-token'
    )
    expect(out).toEqual({
      authorization: 'Bearer account-token',
      accept: 'application/json',
      'content-type': 'application/json',
      'content-length': '2'
    })
  })
  test('the script gets no cookies, CORS fields, hop fields or raw Location', () => {
    expect(
      clientResponseHeaders({
        'set-cookie': ['a=b'],
        'access-control-allow-origin': '*',
        connection: 'keep-alive',
        'keep-alive': 'timeout=5',
        'transfer-encoding': 'chunked',
        location: 'https://elsewhere/',
        link: '<https://social.example/api/v1/x?max_id=1>; rel="next"',
        'content-type': 'application/json'
      })
    ).toEqual({
      link: '<https://social.example/api/v1/x?max_id=1>; rel="next"',
      'content-type': 'application/json'
    })
  })
  test('authorizationFor normalises the bearer type', () => {
    expect(authorizationFor('bearer', 't')).toBe('Bearer t')
    expect(authorizationFor('', 't')).toBe('Bearer t')
    expect(authorizationFor('DPoP', 't')).toBe('DPoP t')
  })
  test('proxiedRedirect keeps scripts on the endpoint and inside the account API', () => {
    const from = new URL('https://social.example/api/v1/a')
    const redirect = (location: string, instance = 'https://social.example') =>
      proxiedRedirect(location, from, instance, 'al ice@social.example')
    expect(redirect('/api/v2/b?c=1')).toBe('/v1/proxy/al%20ice@social.example/api/v2/b?c=1')
    expect(redirect('https://social.example/api/v1/c')).toBe(
      '/v1/proxy/al%20ice@social.example/api/v1/c'
    )
    expect(redirect('https://evil.example/api/v1/c')).toBeNull()
    expect(redirect('http://social.example/api/v1/c')).toBeNull()
    expect(redirect('//evil.example/api/v1/c')).toBeNull()
    expect(redirect('/oauth/authorize')).toBeNull()
    expect(redirect('/api/v1/%2e%2e/%2e%2e/oauth')).toBeNull()
    expect(redirect('http://[bad')).toBeNull()
  })
})

describe('RingAuditLog', () => {
  test('keeps the most recent entries, oldest first', () => {
    const log = new RingAuditLog(3)
    for (let i = 1; i <= 5; i++) log.append({ at: i, route: 'GET /v1/token', status: 200 })
    expect(log.entries().map((e) => e.at)).toEqual([3, 4, 5])
  })
})
