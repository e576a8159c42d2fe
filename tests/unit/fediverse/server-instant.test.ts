import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseTokenResponse, serverInstant } from '../../../src/main/fediverse'

// A server-sent instant is read in seconds or milliseconds, and never believed more than a day
// away from the moment its answer arrived (issue 19: Hollo's `created_at` is in milliseconds).

const received = Date.parse('2026-12-07T02:16:21Z')
const DAY = 24 * 60 * 60 * 1000

describe('serverInstant', () => {
  it('reads seconds and milliseconds, as numbers or numeric strings', () => {
    const at = received - 5_000
    expect(serverInstant(at / 1000, received)).toBe(at)
    expect(serverInstant(at, received)).toBe(at)
    expect(serverInstant(String(at / 1000), received)).toBe(at)
    expect(serverInstant(String(at), received)).toBe(at)
    expect(serverInstant((at + 250) / 1000, received)).toBe(at + 250)
  })

  it('reads an ISO 8601 date', () => {
    expect(serverInstant('2026-12-07T02:16:00.500Z', received)).toBe(received - 20_500)
  })

  it('takes the receive time for garbage, a missing value and anything more than a day away', () => {
    for (const value of [
      undefined,
      null,
      '',
      'yesterday',
      {},
      [],
      true,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      -1,
      0,
      (received + DAY + 1_000) / 1000,
      received - DAY - 1_000,
      received * 1000,
      '2031-01-01T00:00:00Z'
    ]) {
      expect(serverInstant(value, received), String(value)).toBe(received)
    }
    expect(serverInstant((received + DAY - 1_000) / 1000, received)).toBe(received + DAY - 1_000)
  })
})

describe('parseTokenResponse created_at', () => {
  const base = 'http://127.0.0.1:3002'
  it("Hollo 0.9.13's code exchange (milliseconds) is dated when it happened, not in 58902", () => {
    const body = JSON.parse(
      readFileSync(
        new URL('../../sim/fixtures/hollo-0.9.13-oauth-token.json', import.meta.url),
        'utf8'
      )
    ) as { created_at: number }
    expect(body.created_at).toBe(1796609780846)
    const tokens = parseTokenResponse(body, 1796609781_000, 'exchange_code', base)
    expect(tokens.createdAt).toBe(1796609780846)
    expect(new Date(tokens.createdAt).getUTCFullYear()).toBe(2026)
  })

  it('seconds stay seconds; a far-off or garbage created_at becomes the receive time', () => {
    const token = (created_at: unknown) =>
      parseTokenResponse({ access_token: 't', created_at }, received, 'request_token', base)
    expect(token(Math.floor(received / 1000) - 3).createdAt).toBe(received - 3_000)
    expect(token(946684800).createdAt).toBe(received) // 2000-01-01: a server clock gone wrong
    expect(token('soon').createdAt).toBe(received)
    expect(token(undefined).createdAt).toBe(received)
  })
})
