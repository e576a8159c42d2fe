import { expect, test } from 'vitest'
import { TokenBodies } from '../../../src/main/endpoint/responses'

const grant = {
  accessToken: 'first-token',
  tokenType: 'Bearer',
  scope: 'read write',
  instanceUrl: 'https://social.example',
  handle: 'alice@social.example',
  expiresAt: null
}

test('a cached token body is reused only while the grant is unchanged', () => {
  const bodies = new TokenBodies()
  const first = bodies.body(grant)
  expect(JSON.parse(first)).toMatchObject({ access_token: 'first-token', expires_at: null })
  expect(bodies.body({ ...grant })).toBe(first)
  // A refreshed or replaced token, or a new expiry, must never be answered with the old body.
  const refreshed = bodies.body({
    ...grant,
    accessToken: 'second-token',
    expiresAt: 1_900_000_000_000
  })
  expect(JSON.parse(refreshed)).toMatchObject({
    access_token: 'second-token',
    expires_at: new Date(1_900_000_000_000).toISOString()
  })
  expect(JSON.parse(bodies.body({ ...grant, scope: 'read' })).scope).toBe('read')
})
