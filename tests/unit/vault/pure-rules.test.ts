import { describe, expect, test } from 'vitest'
import {
  canonicalHandle,
  CURRENT_SCHEMA_VERSION,
  forEachGrouped,
  nextActiveAfterRemoval,
  openSecret,
  parseServerAccount,
  reorderIds,
  sealSecret,
  shouldRefresh,
  splitHandle,
  statusAfterFailure,
  toProfile,
  upgradeDocument
} from '../../../src/main/vault'
import { accountProfileSchema } from '@shared/domain/account'
import { tempDir } from './support/temp-dir'
import { noKeychain } from './support/vault-harness'
import { FileKeyCipher } from '../../../src/harness/file-key-cipher'

describe('lifecycle rules', () => {
  test('next active after a removal: the next, else the previous, else none', () => {
    expect(nextActiveAfterRemoval(['a', 'b', 'c'], 'b', 'b')).toBe('c')
    expect(nextActiveAfterRemoval(['a', 'b', 'c'], 'c', 'c')).toBe('b')
    expect(nextActiveAfterRemoval(['a'], 'a', 'a')).toBeNull()
    expect(nextActiveAfterRemoval(['a', 'b'], 'a', 'b')).toBe('b')
  })

  test('reorder keeps accounts the request left out, after it, in their order', () => {
    expect(reorderIds(['a', 'b', 'c', 'd'], ['c', 'a'])).toEqual(['c', 'a', 'b', 'd'])
    expect(() => reorderIds(['a'], ['b'])).toThrow(/no account b/)
  })

  test('refresh only tokens that have a refresh token and expire within the margin', () => {
    const token = { tokenType: 'Bearer', accessToken: 'v1:x', issuedAt: 0 }
    expect(shouldRefresh({ ...token, refreshToken: 'v1:r', expiresAt: 1_000 }, 0, 5_000)).toBe(true)
    expect(shouldRefresh({ ...token, refreshToken: 'v1:r', expiresAt: 10_000 }, 0, 5_000)).toBe(
      false
    )
    expect(shouldRefresh({ ...token, expiresAt: 1_000 }, 0, 5_000)).toBe(false)
    expect(shouldRefresh({ ...token, refreshToken: 'v1:r' }, 0, 5_000)).toBe(false)
  })

  test('failure kinds map to statuses; only refusals say anything about the token', () => {
    expect(statusAfterFailure('rejected_token')).toMatchObject({
      status: 'needs_reauth',
      tokenRejected: true
    })
    expect(statusAfterFailure('rejected_client')).toMatchObject({
      status: 'needs_reauth',
      tokenRejected: true
    })
    expect(statusAfterFailure('unreachable', 'timeout')).toMatchObject({
      status: 'offline',
      statusReason: 'The server could not be reached. (timeout)',
      tokenRejected: false
    })
    expect(statusAfterFailure('failed')).toMatchObject({ status: 'offline', tokenRejected: false })
  })
})

describe('per-host bounded concurrency', () => {
  test('never exceeds the bound within a group, runs groups side by side, and survives failures', async () => {
    const active = new Map<string, number>()
    const peak = new Map<string, number>()
    let globalPeak = 0
    let global = 0
    const done: number[] = []
    const items = Array.from({ length: 30 }, (_, i) => i)
    await forEachGrouped(
      items,
      (i) => `g${i % 3}`,
      2,
      async (i) => {
        const g = `g${i % 3}`
        active.set(g, (active.get(g) ?? 0) + 1)
        peak.set(g, Math.max(peak.get(g) ?? 0, active.get(g)!))
        globalPeak = Math.max(globalPeak, ++global)
        await new Promise((r) => setTimeout(r, 5))
        active.set(g, active.get(g)! - 1)
        global--
        if (i === 7) throw new Error('one task fails')
        done.push(i)
      }
    )
    expect([...peak.values()]).toEqual([2, 2, 2])
    expect(globalPeak).toBe(6)
    expect(done.sort((a, b) => a - b)).toEqual(items.filter((i) => i !== 7))
  })

  test('rejects a non-positive bound', async () => {
    await expect(
      forEachGrouped(
        [1],
        () => 'g',
        0,
        async () => {}
      )
    ).rejects.toThrow(RangeError)
  })
})

describe('server account → snapshot → DTO', () => {
  test('takes the display snapshot and drops non-http URLs', () => {
    const parsed = parseServerAccount({
      id: 42,
      username: 'alice',
      display_name: '',
      avatar: 'javascript:alert(1)',
      header: 'https://x.example/h.png',
      note: '<p>n</p>',
      fields: [{ name: 'site', value: '<a>x</a>', verified_at: '2025-01-01' }, { bogus: true }],
      emojis: [
        {
          shortcode: 'ok',
          url: 'https://x.example/ok.png',
          static_url: 'https://x.example/ok_s.png'
        },
        { shortcode: 'bad', url: 'data:image/png;base64,AAAA' }
      ],
      followers_count: -1,
      statuses_count: 7,
      bot: 'yes'
    })!
    expect(parsed.snapshot).toEqual({
      remoteId: '42',
      displayName: 'alice',
      url: undefined,
      avatar: undefined,
      header: 'https://x.example/h.png',
      note: '<p>n</p>',
      fields: [],
      emojis: [
        {
          shortcode: 'ok',
          url: 'https://x.example/ok.png',
          staticUrl: 'https://x.example/ok_s.png'
        }
      ],
      followersCount: 0,
      followingCount: 0,
      statusesCount: 7,
      bot: false,
      locked: false
    })
    expect(parseServerAccount({ id: '1' })).toBeUndefined()
    expect(parseServerAccount('nope')).toBeUndefined()
  })

  test('handles: canonical lower case, with or without a leading @', () => {
    expect(canonicalHandle('@Alice', 'Social.Example')).toBe('alice@social.example')
    expect(splitHandle('@Alice@Social.Example')).toEqual({
      username: 'Alice',
      domain: 'social.example'
    })
    expect(splitHandle('alice')).toBeUndefined()
    expect(splitHandle('a@b@c')).toBeUndefined()
  })

  test('the profile DTO is a valid AccountProfile with no token fields', () => {
    const snapshot = parseServerAccount({ id: '1', username: 'a' })!.snapshot
    const record = {
      id: 'a@x.example',
      username: 'a',
      domain: 'x.example',
      apiBaseUrl: 'https://x.example',
      instanceHost: 'x.example',
      profile: snapshot,
      scopes: ['read'],
      token: {
        tokenType: 'Bearer',
        accessToken: 'v1:SEALED',
        refreshToken: 'v1:SEALED2',
        issuedAt: 0,
        expiresAt: 5
      },
      createdAt: 1,
      status: 'ok' as const,
      position: 0
    }
    const dto = toProfile(record, undefined, 'a@x.example')
    expect(accountProfileSchema.strict().parse(dto)).toEqual(dto)
    expect(JSON.stringify(dto)).not.toContain('SEALED')
    expect(dto).toMatchObject({ software: 'unknown', active: true, expiresAt: 5 })
  })
})

describe('secret envelope and the test cipher', () => {
  test('v1 envelopes round-trip; every seal uses a fresh IV; tampering is detected', () => {
    const cipher = new FileKeyCipher(tempDir())
    const policy = { cipher, allowPlaintext: false }
    const a = sealSecret('token-123', policy)
    const b = sealSecret('token-123', policy)
    expect(a).toMatch(/^v1:/)
    expect(a).not.toBe(b)
    expect(openSecret(a, cipher)).toBe('token-123')
    const bytes = Buffer.from(a.slice(3), 'base64')
    bytes[bytes.length - 1]! ^= 1
    expect(() => openSecret(`v1:${bytes.toString('base64')}`, cipher)).toThrow(
      expect.objectContaining({ code: 'decrypt_failed' })
    )
    expect(() => openSecret('v9:abc', cipher)).toThrow(
      expect.objectContaining({ code: 'unknown_secret_format' })
    )
  })

  test('plaintext only under the opt-in and only without a keychain', () => {
    expect(() => sealSecret('t', { cipher: noKeychain, allowPlaintext: false })).toThrow(
      expect.objectContaining({ code: 'encryption_unavailable' })
    )
    expect(sealSecret('t', { cipher: noKeychain, allowPlaintext: true })).toBe('plain1:t')
    expect(openSecret('plain1:t', noKeychain)).toBe('t')
    expect(() => openSecret('v1:AAAA', noKeychain)).toThrow(
      expect.objectContaining({ code: 'decrypt_failed' })
    )
  })

  test('the key file is reused across instances, so secrets outlive a restart', () => {
    const dir = tempDir()
    const sealed = new FileKeyCipher(dir).encrypt('s')
    expect(new FileKeyCipher(dir).decrypt(sealed)).toBe('s')
    expect(() => new FileKeyCipher(tempDir()).decrypt(sealed)).toThrow()
  })
})

describe('upgradeDocument', () => {
  test('classifies empty, newer and versionless documents without touching them', () => {
    expect(upgradeDocument(undefined)).toEqual({ kind: 'empty' })
    expect(upgradeDocument({})).toEqual({ kind: 'empty' })
    const newer = CURRENT_SCHEMA_VERSION + 1
    expect(upgradeDocument({ schemaVersion: newer })).toMatchObject({
      kind: 'newer',
      version: newer,
      document: undefined
    })
    expect(upgradeDocument({ schemaVersion: 0 })).toMatchObject({ kind: 'invalid' })
    expect(upgradeDocument({ schemaVersion: 1, apps: 'x' })).toMatchObject({ kind: 'invalid' })
  })

  test('repairs an active id that points nowhere and gaps in positions', () => {
    const account = (id: string, position: number) => ({
      id,
      username: 'u',
      domain: 'x.example',
      apiBaseUrl: 'https://x.example',
      instanceHost: 'x.example',
      profile: parseServerAccount({ id: '1', username: 'u' })!.snapshot,
      scopes: [],
      token: { tokenType: 'Bearer', accessToken: 'v1:x', issuedAt: 0 },
      createdAt: 0,
      status: 'ok',
      position
    })
    const outcome = upgradeDocument({
      schemaVersion: CURRENT_SCHEMA_VERSION,
      instances: {},
      accounts: {
        'b@x.example': account('b@x.example', 9),
        'a@x.example': account('a@x.example', 4)
      },
      activeAccountId: 'gone@x.example',
      settings: {
        scriptAccess: { enabled: false },
        allowPlaintextSecrets: false,
        closeToTray: false
      }
    })
    expect(outcome.kind).toBe('current')
    if (outcome.kind !== 'current') return
    expect(outcome.document.activeAccountId).toBe('a@x.example')
    expect(Object.values(outcome.document.accounts).map((a) => [a.id, a.position])).toEqual([
      ['a@x.example', 0],
      ['b@x.example', 1]
    ])
  })

  test('refuses a plaintext token where a sealed secret belongs', () => {
    const outcome = upgradeDocument({
      schemaVersion: 1,
      apps: {},
      users: {
        'a@x.example': {
          baseUrl: 'https://x.example',
          username: 'a',
          accountId: '1',
          token: 'raw-token',
          scopes: 'read',
          addedAt: '2025-01-01T00:00:00Z'
        }
      },
      activeUser: null
    })
    expect(outcome).toMatchObject({ kind: 'invalid' })
    expect(JSON.stringify(outcome)).not.toContain('raw-token')
  })
})
