import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { startSimulator, type Simulator } from '../sim'
import { buildCli, type BuiltCli } from '../support/built-cli'
import { approveInBrowser, openIpcApp, type IpcApp } from '../support/ipc-app'

/**
 * A Misskey account through the composition root, the way the renderer drives it over IPC: the
 * instance summary, the MiAuth browser flow on the same channels as OAuth, the profile, and the
 * removal that says where to revoke the token.
 */
let sim: Simulator
let t: IpcApp

beforeEach(async () => {
  sim = await startSimulator({ personality: 'misskey' })
  t = await openIpcApp()
})

afterEach(async () => {
  await t.close()
  await sim.close()
})

/** Plays the person: approves on the miauth page, and the browser follows the redirect home. */
async function approveMiAuth(url: string, username: string, password: string) {
  const back = await approveInBrowser(sim, url, { username, password })
  expect(back.location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\?session=/)
  expect(back.status).toBe(200)
}

describe('Misskey account through IPC', () => {
  test('summary, MiAuth sign-in on the browser channels, profile, removal with the revoke-it-there URL', async () => {
    const discovered = await t.call('instances:discover', { input: sim.url })
    expect(discovered).toMatchObject({
      ok: true,
      data: {
        software: 'misskey',
        version: '2025.7.0',
        api: 'misskey',
        signIn: {
          browser: { available: true, method: 'miauth' },
          password: { available: 'no' }
        },
        limits: { maxStatusLen: 3000 }
      }
    })
    if (!discovered.ok) return
    expect(discovered.data.signIn.browser.reason).toMatch(/approve the permissions/)
    expect(discovered.data.signIn.browser.permissions).toContain('write:notes')
    expect(discovered.data.signIn.password.reason).toMatch(/no password sign-in/)

    const refused = await t.call('signin:password', {
      input: sim.url,
      username: 'alice',
      password: 'correct horse'
    })
    expect(refused).toMatchObject({ ok: false, error: { code: 'unsupported_server' } })

    const flow = await t.call('signin:startBrowser', { input: sim.url })
    expect(flow).toMatchObject({ ok: true, data: { method: 'miauth', pasteCode: false } })
    if (!flow.ok) return
    expect(flow.data.permissions).toContain('read:account')
    await t.call('signin:openBrowser', { flowId: flow.data.flowId })
    expect(t.opened).toEqual([flow.data.authorizationUrl])
    expect(new URL(t.opened[0]!).pathname).toMatch(/^\/miauth\//)
    const waiting = t.call('signin:awaitBrowser', { flowId: flow.data.flowId })
    await approveMiAuth(t.opened[0]!, 'alice', 'correct horse')
    const profile = await waiting
    expect(profile).toMatchObject({
      ok: true,
      data: {
        id: `alice@${sim.host}`,
        api: 'misskey',
        software: 'misskey',
        displayName: 'Alice :blobcat:',
        emojis: [{ shortcode: 'blobcat' }],
        active: true,
        status: 'ok'
      }
    })
    expect(sim.misskey.checks.filter((c) => c.answer === 'token')).toHaveLength(1)

    expect(await t.call('accounts:reverify', {})).toMatchObject({
      ok: true,
      data: { accounts: [{ status: 'ok', api: 'misskey' }] }
    })

    const removed = await t.call('accounts:remove', { id: `alice@${sim.host}` })
    expect(removed).toMatchObject({
      ok: true,
      data: {
        removed: true,
        token: { outcome: 'revoke_on_server', url: `${sim.url}/settings/apps` },
        state: { accounts: [] }
      }
    })

    // No token ever crossed IPC.
    const tokens = [...sim.misskey.sessions.values()].map((s) => s.token!).filter(Boolean)
    expect(tokens).toHaveLength(1)
    for (const { text } of t.answers) expect(text).not.toContain(tokens[0])
  })

  test('signing in again to a working account pushes a notice naming where to revoke the old sign-in', async () => {
    for (let round = 0; round < 2; round++) {
      const flow = await t.ok('signin:startBrowser', { input: sim.url })
      const waiting = t.call('signin:awaitBrowser', { flowId: flow.flowId })
      await approveMiAuth(flow.authorizationUrl, 'alice', 'correct horse')
      expect((await waiting).ok).toBe(true)
    }
    const notices = t.events.filter((e) => e.startsWith('app:notice '))
    expect(notices).toHaveLength(1)
    expect(JSON.parse(notices[0]!.slice('app:notice '.length))).toEqual({
      level: 'warning',
      code: 'superseded_token_kept',
      message: expect.stringContaining(`Settings → Connected apps there (${sim.url}/settings/apps)`)
    })
  })
})

let cli: BuiltCli
beforeAll(async () => {
  cli = await buildCli()
}, 60_000)
afterAll(() => cli?.remove())

/** The built `fedivault` command as a separate process, finding the app through the data dir. */
const fedivault = (args: string[]) => cli.run(args, { FEDIVAULT_DATA_DIR: t.dataDir })

describe('Misskey account for scripts', () => {
  test('/v1/accounts and /v1/token say software and api; `fedivault api POST /api/i` and `exec` work', async () => {
    const flow = await t.call('signin:startBrowser', { input: sim.url })
    if (!flow.ok) throw new Error('no flow')
    const waiting = t.call('signin:awaitBrowser', { flowId: flow.data.flowId })
    await approveMiAuth(flow.data.authorizationUrl, 'alice', 'correct horse')
    expect((await waiting).ok).toBe(true)
    const handle = `alice@${sim.host}`

    const on = await t.call('scriptAccess:set', { enabled: true })
    if (!on.ok) throw new Error('script access did not start')
    const url = on.data.scriptAccess.url!
    const secret = t.app.scriptAccess.secret()!
    const get = async (path: string) =>
      (await (
        await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${secret}` } })
      ).json()) as Record<string, unknown>
    expect(await get('/v1/accounts')).toMatchObject({
      accounts: [{ handle, software: 'misskey', api: 'misskey', instance_url: sim.url }]
    })
    const token = await get('/v1/token')
    expect(token).toMatchObject({
      handle,
      software: 'misskey',
      api: 'misskey',
      token_type: 'Bearer'
    })
    expect(sim.isTokenValid(String(token.access_token))).toBe(true)

    // Through the proxy: Misskey's POST /api/... with the token as Bearer.
    const me = await fedivault(['api', '--account', handle, 'POST', '/api/i'])
    expect(me.code).toBe(0)
    expect(JSON.parse(me.stdout)).toMatchObject({ username: 'alice', name: 'Alice :blobcat:' })
    const note = await fedivault([
      'api',
      'POST',
      '/api/notes/create',
      '--data',
      '{"text":"hi from a script"}'
    ])
    expect(note.code).toBe(0)
    expect(JSON.parse(note.stdout)).toMatchObject({ createdNote: { text: 'hi from a script' } })
    // The instance's own error comes back as is, with exit code 10.
    const unknown = await fedivault(['api', 'POST', '/api/no-such-endpoint'])
    expect(unknown.code).toBe(10)
    expect(JSON.parse(unknown.stdout)).toMatchObject({ error: { code: 'UNKNOWN_API_ENDPOINT' } })

    const env = await fedivault([
      'exec',
      '--account',
      handle,
      '--',
      process.execPath,
      '-e',
      'const e = process.env; console.log(JSON.stringify([e.FEDIVERSE_INSTANCE_URL, e.FEDIVERSE_ACCESS_TOKEN, e.FEDIVERSE_SOFTWARE, e.FEDIVERSE_API]))'
    ])
    expect(env.code).toBe(0)
    expect(JSON.parse(env.stdout)).toEqual([sim.url, token.access_token, 'misskey', 'misskey'])
  }, 60_000)
})
