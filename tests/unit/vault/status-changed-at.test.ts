import { describe, expect, test } from 'vitest'
import { signIn } from './support/fixtures'
import { makeVault } from './support/vault-harness'

/**
 * The window says how long an account has been in trouble ("the server refused it 4 min ago"):
 * the vault keeps when each account's status last changed, on the vault's clock.
 */
describe('statusChangedAt', () => {
  test('is set when the status changes, kept while it stays, and reaches the summary', async () => {
    let now = 1_000_000
    const clock = { now: () => now }
    const { vault, server, reopen } = makeVault({ clock })
    const alice = signIn(server, 'alice', 'a.example')
    await vault.add(alice)
    expect(vault.list().accounts[0]!.statusChangedAt).toBeUndefined()

    server.tokens.delete(alice.tokens.accessToken)
    now = 2_000_000
    await vault.reverifyAll()
    expect(vault.list().accounts[0]).toMatchObject({
      status: 'needs_reauth',
      statusChangedAt: 2_000_000
    })

    // Still refused a minute later: the time of the first refusal stays.
    now = 2_060_000
    await vault.reverifyAll()
    expect(vault.list().accounts[0]!.statusChangedAt).toBe(2_000_000)
    expect(reopen().list().accounts[0]!.statusChangedAt).toBe(2_000_000)
  })

  test('offline, then back to ok, each with its own time', async () => {
    let now = 5_000
    const { vault, server } = makeVault({ clock: { now: () => now } })
    await vault.add(signIn(server, 'bob', 'b.example'))
    server.offline = true
    now = 6_000
    await vault.reverifyAll()
    expect(vault.list().accounts[0]).toMatchObject({ status: 'offline', statusChangedAt: 6_000 })
    server.offline = false
    now = 7_000
    await vault.reverifyAll()
    expect(vault.list().accounts[0]).toMatchObject({
      status: 'ok',
      statusChangedAt: 7_000,
      lastVerifiedAt: 7_000
    })
  })

  test('signing in again to a refused account starts a new time', async () => {
    let now = 10_000
    const { vault, server } = makeVault({ clock: { now: () => now } })
    const first = signIn(server, 'carol', 'c.example')
    await vault.add(first)
    server.tokens.delete(first.tokens.accessToken)
    now = 11_000
    await vault.reverifyAll()
    expect(vault.list().accounts[0]!.statusChangedAt).toBe(11_000)
    now = 12_000
    await vault.add(signIn(server, 'carol', 'c.example'))
    expect(vault.list().accounts[0]).toMatchObject({ status: 'ok', statusChangedAt: 12_000 })
  })
})
