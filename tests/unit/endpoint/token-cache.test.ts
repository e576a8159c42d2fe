import { afterEach, describe, expect, test, vi } from 'vitest'
import { vaultAccountSource } from '../../../src/main/composition/script-access-ports'
import { REFRESH_MARGIN_MS } from '../../../src/main/vault'
import { signIn } from '../vault/support/fixtures'
import { makeVault } from '../vault/support/vault-harness'
import { authed, send, startEndpoint, type Harness } from './fixtures'

let h: Harness | undefined
afterEach(async () => {
  await h?.cleanup()
  h = undefined
})

/** The endpoint in front of a real vault on disk, wired as the app wires it. */
async function endpointOverVault(now: () => number = Date.now) {
  const v = makeVault({ clock: { now } })
  await v.vault.add(signIn(v.server, 'alice', 'a.example'))
  await v.vault.add(signIn(v.server, 'bob', 'b.example'))
  v.vault.switch('alice@a.example')
  h = await startEndpoint({ accounts: vaultAccountSource(v.vault, { now }) })
  const { port, secret } = h
  const token = async (account?: string) => {
    const path = account ? `/v1/token?account=${account}` : '/v1/token'
    const reply = await send(port, { path, headers: authed(secret) })
    return {
      status: reply.status,
      token: reply.status === 200 ? (reply.json() as { access_token: string }).access_token : null
    }
  }
  const stored = async (id: string) => (await v.vault.getAccessToken(id)).accessToken
  return { ...v, token, stored }
}

describe('GET /v1/token over the vault follows every change to the accounts', () => {
  test('switching the active account', async () => {
    const { vault, token, stored } = await endpointOverVault()
    expect(await token()).toEqual({ status: 200, token: await stored('alice@a.example') })
    expect(await token()).toEqual({ status: 200, token: await stored('alice@a.example') })
    vault.switch('bob@b.example')
    expect(await token()).toEqual({ status: 200, token: await stored('bob@b.example') })
  })

  test('signing in again with a new token, a token the server revoked, a removal', async () => {
    const { vault, server, token, stored } = await endpointOverVault()
    const before = await token('alice@a.example')
    await vault.add(signIn(server, 'alice', 'a.example'))
    const after = await token('alice@a.example')
    expect(after.token).toBe(await stored('alice@a.example'))
    expect(after.token).not.toBe(before.token)

    expect((await token('bob@b.example')).status).toBe(200)
    server.tokens.delete(await stored('bob@b.example'))
    await vault.reverify('bob@b.example')
    expect(vault.list().accounts.find((a) => a.id === 'bob@b.example')?.status).toBe('needs_reauth')
    expect(await token('bob@b.example')).toEqual({ status: 423, token: null })

    expect((await token('alice@a.example')).status).toBe(200)
    await vault.remove('alice@a.example', { force: true })
    expect((await token('alice@a.example')).status).toBe(404)
  })

  test('a token that expires is refreshed by the vault when due, not served from memory', async () => {
    let now = Date.UTC(2026, 0, 1)
    const { vault, server, token, stored } = await endpointOverVault(() => now)
    await vault.add(
      signIn(server, 'carol', 'c.example', { refresh: true, lifetimeMs: 3_600_000, now })
    )
    const first = await token('carol@c.example')
    expect(first.token).toBe(await stored('carol@c.example'))
    expect(server.calls.refresh).toBe(0)
    now += 3_600_000 // the token is due for refresh now
    const second = await token('carol@c.example')
    expect(server.calls.refresh).toBe(1)
    expect(second.token).not.toBe(first.token)
    expect(second.token).toBe(await stored('carol@c.example'))
  })

  test('a token that expires is answered from memory until the vault would refresh it', async () => {
    let now = Date.UTC(2026, 0, 1)
    const { vault, server, token, stored } = await endpointOverVault(() => now)
    await vault.add(
      signIn(server, 'carol', 'c.example', { refresh: true, lifetimeMs: 3_600_000, now })
    )
    const opened = vi.spyOn(vault, 'getAccessToken')
    const first = await token('carol@c.example')
    expect((await token('carol@c.example')).token).toBe(first.token)
    expect((await token('carol@c.example')).token).toBe(first.token)
    expect(opened).toHaveBeenCalledTimes(1)
    now += 3_600_000 - REFRESH_MARGIN_MS - 1 // the last moment before the refresh is due
    expect((await token('carol@c.example')).token).toBe(first.token)
    expect(opened).toHaveBeenCalledTimes(1)
    now += 1
    const refreshed = await token('carol@c.example')
    expect(opened).toHaveBeenCalledTimes(2)
    expect(server.calls.refresh).toBe(1)
    expect(refreshed.token).not.toBe(first.token)
    expect(refreshed.token).toBe(await stored('carol@c.example'))
  })
})
