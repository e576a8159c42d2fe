import { expect, test } from 'vitest'
import type { TokenGrant, TokenLookup } from '../../../src/main/endpoint/ports'
import { CachedTokenLookups } from '../../../src/main/endpoint/token-cache'

const grant: TokenGrant = {
  accessToken: 'first-token',
  tokenType: 'Bearer',
  scopes: ['read', 'write'],
  apiBaseUrl: 'https://social.example',
  handle: 'alice@social.example',
  expiresAt: null
}

/** The one cache over a source whose token can be replaced, as the vault's is on a refresh. */
function cacheOver(current: { grant: TokenGrant }) {
  let changed = (): void => {}
  const cache = new CachedTokenLookups(
    {
      listAccounts: () => ({ accounts: [], activeAccountId: null }),
      tokenFor: () => ({ ok: true, grant: { ...current.grant } })
    },
    (onChange) => {
      changed = onChange
    }
  )
  const answer = (): NonNullable<Extract<TokenLookup, { ok: true }>['answer']> => {
    const lookup = cache.tokenFor() as TokenLookup
    if (!lookup.ok || !lookup.answer) throw new Error('the cache kept no answer')
    return lookup.answer
  }
  return { answer, change: () => changed() }
}

test('a kept grant carries its /v1/token answer, rendered once, until the accounts change', () => {
  const current = { grant }
  const { answer, change } = cacheOver(current)
  const first = answer()
  expect(JSON.parse(first.body)).toEqual({
    access_token: 'first-token',
    token_type: 'Bearer',
    scope: 'read write',
    instance_url: 'https://social.example',
    handle: 'alice@social.example',
    expires_at: null,
    software: null,
    api: 'mastodon'
  })
  expect(first.headers).toContain(String(Buffer.byteLength(first.body)))
  expect(answer()).toBe(first)
  // A refreshed or replaced token, or a new expiry, must never be answered with the old body.
  current.grant = { ...grant, accessToken: 'second-token', expiresAt: null, scopes: ['read'] }
  change()
  const refreshed = JSON.parse(answer().body)
  expect(refreshed).toMatchObject({ access_token: 'second-token', scope: 'read' })
})
