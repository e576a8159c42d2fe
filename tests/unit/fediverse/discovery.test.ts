import { describe, expect, it } from 'vitest'
import { startHandleDomain, traceInRounds } from '../../sim'
import { discoverInstance, resolveHandle, createHttpClient } from '../../../src/main/fediverse'
import { failure, quickClient, useSimulators } from './support'

const sim = useSimulators()

describe('discoverInstance', () => {
  it('describes Mastodon 4.3 from NodeInfo, the instance document and the OAuth metadata', async () => {
    const s = await sim('mastodon-4.3')
    const client = createHttpClient()
    const trace = traceInRounds(client)
    const info = await discoverInstance(s.url, { client })
    expect(info).toMatchObject({
      input: s.url,
      apiBaseUrl: s.url,
      domain: s.host,
      software: 'mastodon',
      version: '4.3.0',
      title: 'Mastodon',
      limits: { maxStatusLen: 500, maxAttachments: 4 },
      auth: {
        metadata: true,
        passwordGrant: 'supported',
        pkce: 'supported',
        revocation: 'supported',
        loopbackPortException: true
      }
    })
    expect(info.thumbnail).toMatch(new RegExp(`^${s.url}/`))
    expect(info.auth.grantTypes).toContain('password')
    // All requests at once: NodeInfo's two steps are the only sequence.
    expect(trace.roundTrips).toBe(2)
    expect(trace.maxInFlight).toBe(4)
    expect(trace.rounds[1]).toEqual(['GET /nodeinfo/2.0'])
  })

  it('explains why Mastodon 4.6 has no password sign-in', async () => {
    const s = await sim('mastodon-4.6')
    const info = await discoverInstance(s.url)
    expect(info.auth.passwordGrant).toBe('unsupported')
    expect(info.auth.passwordGrantReason).toMatch(
      /Mastodon 4\.6\.4 does not allow password sign-in/
    )
  })

  it('tells Akkoma from Mastodon and tolerates HTML at the metadata path', async () => {
    const s = await sim('akkoma')
    const info = await discoverInstance(s.url)
    expect(info).toMatchObject({
      software: 'akkoma',
      version: '3.0.0',
      auth: { metadata: false, passwordGrant: 'supported', refreshTokens: 'supported' }
    })
  })

  it('knows GoToSocial matches redirect URIs exactly and has no password grant', async () => {
    const s = await sim('gotosocial')
    const info = await discoverInstance(s.url)
    expect(info).toMatchObject({
      software: 'gotosocial',
      version: 'v0.19.2',
      limits: { maxStatusLen: 5000, maxAttachments: 6 }
    })
    expect(info.auth).toMatchObject({
      passwordGrant: 'unsupported',
      loopbackPortException: false,
      pkce: 'supported'
    })
  })

  it('handles snac’s NodeInfo paths and Pleroma’s full-URL uri', async () => {
    const snac = await sim('snac')
    expect(await discoverInstance(snac.url)).toMatchObject({
      software: 'snac',
      version: '2.94',
      domain: snac.host
    })
    const pleroma = await sim('pleroma')
    expect(await discoverInstance(pleroma.url)).toMatchObject({
      software: 'pleroma',
      domain: pleroma.host
    })
  })

  it('fails with unsupported_server for a Misskey without MiAuth and not_fediverse for a website or broken JSON', async () => {
    const misskey = await sim('misskey', { miauth: false })
    expect(await failure(discoverInstance(misskey.url))).toMatchObject({
      code: 'unsupported_server',
      step: 'discover'
    })
    const html = await sim('html-site')
    expect(await failure(discoverInstance(html.url))).toMatchObject({ code: 'not_fediverse' })
    const broken = await sim('broken-json')
    expect(await failure(discoverInstance(broken.url))).toMatchObject({ code: 'not_fediverse' })
  })

  it('passes on rate limits, timeouts, oversize answers and network failures', async () => {
    const limited = await sim('rate-limited')
    expect(await failure(discoverInstance(limited.url))).toMatchObject({
      code: 'rate_limited',
      retryAfterSeconds: 42
    })
    const hole = await sim('black-hole')
    expect(await failure(discoverInstance(hole.url, { client: quickClient() }))).toMatchObject({
      code: 'timeout'
    })
    const huge = await sim('huge-body')
    expect(await failure(discoverInstance(huge.url))).toMatchObject({ code: 'bad_response' })
    const offline = await sim('mastodon-4.6')
    await offline.setOffline(true)
    expect(await failure(discoverInstance(offline.url))).toMatchObject({ code: 'network' })
  })

  it('rejects bad input before any request', async () => {
    expect(await failure(discoverInstance('http://social.example'))).toMatchObject({
      code: 'insecure_url',
      step: 'parse_input'
    })
    expect(await failure(discoverInstance('???'))).toMatchObject({ code: 'invalid_url' })
  })
})

describe('handles', () => {
  it('resolves @user@domain on the API host itself', async () => {
    const s = await sim('mastodon-4.6')
    const info = await discoverInstance(`@alice@${s.host}`)
    expect(info).toMatchObject({ apiBaseUrl: s.url, username: 'alice', domain: s.host })
  })

  it('resolves a custom handle domain by WebFinger, then by host-meta', async () => {
    const s = await sim('gotosocial')
    const domain = await startHandleDomain({ target: s })
    const info = await discoverInstance(`@alice@${domain.host}`)
    expect(info).toMatchObject({
      apiBaseUrl: s.url,
      domain: domain.host,
      username: 'alice',
      software: 'gotosocial'
    })
    await domain.close()

    const viaHostMeta = await startHandleDomain({ target: s, via: 'host-meta' })
    const resolved = await resolveHandle(createHttpClient(), 'alice', viaHostMeta.host)
    expect(resolved).toEqual({ apiBaseUrl: s.url, username: 'alice', domain: viaHostMeta.host })
    expect(viaHostMeta.requests.map((r) => r.path)).toEqual([
      '/.well-known/webfinger',
      '/.well-known/host-meta'
    ])
    await viaHostMeta.close()
  })

  it('says so when nobody answers for the handle', async () => {
    const s = await sim('mastodon-4.6')
    expect(await failure(discoverInstance(`@nobody@${s.host}`))).toMatchObject({
      code: 'not_fediverse',
      step: 'resolve_handle'
    })
  })
})
