import { readdirSync, readFileSync, statSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { startSimulator, type Simulator } from '../sim'
import { approveInBrowser, openIpcApp, type IpcApp } from '../support/ipc-app'

/**
 * The composition root end to end, through the same dispatch the renderer's IPC reaches: real
 * engine, real vault on disk, real endpoint, the simulator as the server.
 */
let sim: Simulator
let t: IpcApp

beforeEach(async () => {
  sim = await startSimulator({ personality: 'mastodon-4.3' })
  t = await openIpcApp()
})

afterEach(async () => {
  await t.close()
  await sim.close()
})

function getJson(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    request(url, { headers }, (res) => {
      let text = ''
      res.on('data', (c) => (text += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }))
    })
      .on('error', reject)
      .end()
  })
}

describe('main app', () => {
  test('password sign-in → saved, active, and script access hands out the token', async () => {
    const discovered = await t.call('instances:discover', { input: sim.url })
    expect(discovered).toMatchObject({
      ok: true,
      data: { software: 'mastodon', signIn: { password: { available: 'yes' } } }
    })

    const signedIn = await t.call('signin:password', {
      input: sim.url,
      username: 'alice@example.test',
      password: 'correct horse'
    })
    expect(signedIn.ok).toBe(true)
    const handle = signedIn.ok ? signedIn.data.id : ''
    expect(handle).toMatch(/^alice@/)

    const list = await t.call('accounts:list')
    expect(list).toMatchObject({ ok: true, data: { activeAccountId: handle } })
    expect(t.events.some((e) => e.startsWith('accounts:changed'))).toBe(true)
    expect(t.events.some((e) => e.includes('"step":"verifying"'))).toBe(true)

    // Script access: on, secret copied through main, token handed to a local script.
    const on = await t.call('scriptAccess:set', { enabled: true })
    expect(on).toMatchObject({ ok: true, data: { scriptAccess: { enabled: true, running: true } } })
    const url = on.ok ? on.data.scriptAccess.url! : ''
    expect(await t.call('scriptAccess:copySecret')).toEqual({ ok: true, data: { copied: true } })
    const secret = t.clipboard[0]!
    const token = await getJson(`${url}/v1/token`, { Authorization: `Bearer ${secret}` })
    expect(token.status).toBe(200)
    expect(token.body).toMatchObject({ handle, instance_url: sim.url, expires_at: null })
    const accessToken = String(token.body.access_token)
    expect(sim.isTokenValid(accessToken)).toBe(true)
    const audit = await t.call('scriptAccess:auditLog')
    expect(audit.ok && audit.data.entries.some((e) => e.route.includes('/v1/token'))).toBe(true)

    // The secrets never crossed IPC, never reached an event, and are not in any file in clear.
    const secrets = [accessToken, secret]
    for (const text of [...t.answers.map((a) => a.text), ...t.events]) {
      for (const s of secrets) expect(text).not.toContain(s)
    }
    for (const name of readdirSync(t.dataDir)) {
      const file = join(t.dataDir, name)
      if (statSync(file).isFile() && name !== 'endpoint.json') {
        expect(readFileSync(file, 'utf8')).not.toContain(accessToken)
      }
    }

    // Switching script access off removes the discovery file and closes the port.
    await t.call('scriptAccess:set', { enabled: false })
    expect(readdirSync(t.dataDir)).not.toContain('endpoint.json')
    await expect(
      getJson(`${url}/v1/token`, { Authorization: `Bearer ${secret}` })
    ).rejects.toThrow()
  })

  test('browser sign-in: the URL goes to the system browser, the approval lands on the listener', async () => {
    const flow = await t.call('signin:startBrowser', { input: sim.url })
    expect(flow.ok).toBe(true)
    if (!flow.ok) return
    expect(await t.call('signin:openBrowser', { flowId: flow.data.flowId })).toEqual({
      ok: true,
      data: { opened: true }
    })
    expect(t.opened).toEqual([flow.data.authorizationUrl])
    const waiting = t.call('signin:awaitBrowser', { flowId: flow.data.flowId })
    const approval = await approveInBrowser(sim, t.opened[0]!, {
      username: 'bob',
      password: 'battery staple'
    })
    expect(approval.location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//)
    const profile = await waiting
    expect(profile).toMatchObject({ ok: true, data: { username: 'bob', active: true } })
    // The flow is finished: its id is no longer accepted.
    expect(await t.call('signin:openBrowser', { flowId: flow.data.flowId })).toMatchObject({
      ok: false,
      error: { code: 'unknown_flow' }
    })
  })

  test('Takahē: a revoked token (its 400 page) → needs sign-in again in the list, 423 for scripts', async () => {
    const takahe = await startSimulator({ personality: 'takahe' })
    try {
      const flow = await t.call('signin:startBrowser', { input: takahe.url })
      if (!flow.ok) throw new Error(flow.error.message)
      const waiting = t.call('signin:awaitBrowser', { flowId: flow.data.flowId })
      await approveInBrowser(takahe, flow.data.authorizationUrl, {
        username: 'alice@example.test',
        password: 'correct horse'
      })
      const signedIn = await waiting
      if (!signedIn.ok) throw new Error(signedIn.error.message)
      const on = await t.call('scriptAccess:set', { enabled: true })
      const url = on.ok ? on.data.scriptAccess.url! : ''
      await t.call('scriptAccess:copySecret')
      const auth = { Authorization: `Bearer ${t.clipboard.at(-1)!}` }
      expect((await getJson(`${url}/v1/token`, auth)).status).toBe(200)

      takahe.revokeAllTokens()
      const state = await t.call('accounts:reverify', { id: signedIn.data.id })
      expect(state).toMatchObject({ ok: true })
      const listed = await t.call('accounts:list')
      const row = listed.ok
        ? listed.data.accounts.find((a) => a.id === signedIn.data.id)
        : undefined
      expect(row).toMatchObject({ status: 'needs_reauth' })
      expect(row?.statusReason).toMatch(/Invalid Bearer token/)

      const refused = await getJson(`${url}/v1/token`, auth)
      expect(refused).toMatchObject({ status: 423, body: { error: 'needs_reauth' } })
    } finally {
      await takahe.close()
    }
  })

  test('errors carry a code, the failing step and a message that says what to do', async () => {
    const gts = await startSimulator({ personality: 'gotosocial' })
    try {
      const refused = await t.call('signin:password', {
        input: gts.url,
        username: 'alice@example.test',
        password: 'correct horse'
      })
      expect(refused).toMatchObject({ ok: false, error: { code: 'unsupported_grant' } })
      expect(refused.ok === false && refused.error.message).toMatch(/browser/i)
      expect(gts.stats.byRoute['POST /oauth/token'] ?? 0).toBe(0)
    } finally {
      await gts.close()
    }
    const invalid = await t.call('accounts:rename', { id: 'x', label: 'y' } as never)
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    const unknown = await t.call('accounts:switch', { id: 'nobody@nowhere.example' })
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })
})
