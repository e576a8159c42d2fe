import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { channels } from '@shared/ipc/contract'
import { READY_CHANNEL } from '@shared/ipc/wire'
import { startSimulator, type Simulator } from '../sim'
import { ensureFreshBuild } from '../support/fresh-build'
import { launchShell, untilShell, type ShellProcess } from '../support/shell-process/launch'
import { prepareShellVault } from '../support/shell-vault'
import type { ShellSnapshot } from '../support/shell-process/protocol'

/**
 * The desktop shell as built: out/main/index.js runs in a Node child process, with the fake
 * `electron` swapped in by a module resolution hook (the bundle is not changed), on a vault this
 * test wrote with the same safeStorage encryption. Everything below goes through what the shell
 * wired: the window it created, the handlers it installed, ipcMain, the tray menu, app events.
 */
const root = resolve(import.meta.dirname, '../..')
const key = randomBytes(32)
let sim: Simulator
let misskey: Simulator
let userData: string
let shell: ShellProcess
let handles: { alice: string; bob: string; misskeyAlice: string }

type Answer = { ok: true; data: Record<string, unknown> } | { ok: false; error: { code: string } }
const invoke = (
  channel: string,
  payload?: unknown,
  from: 'window' | 'another-webcontents' | 'navigated-frame' = 'window'
) => shell.request<Answer>({ op: 'invoke', channel, payload, from })

const until = <T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string) =>
  untilShell(shell, read, ok, what)

/** A vault with two accounts, written by the real services as the app would write it. */
async function prepareVault(dataDir: string) {
  return prepareShellVault(dataDir, key, async ({ app, dispatch }) => {
    const signIn = async (username: string, password: string) =>
      (await dispatch('signin:password', { input: sim.url, username, password })).id as string
    // A Misskey-family account too, signed in with MiAuth: the person approves on the server's page.
    const flow = await dispatch('signin:startBrowser', { input: misskey.url })
    const { flowId, authorizationUrl } = flow as { flowId: string; authorizationUrl: string }
    const waiting = app.dispatch('signin:awaitBrowser', { flowId })
    const { location } = await misskey.approve(authorizationUrl, {
      username: 'alice',
      password: 'correct horse'
    })
    await fetch(location!)
    const approved = await waiting
    if (!approved.ok) throw new Error(`preparing the vault: ${approved.error.message}`)
    const misskeyAlice = (approved.data as { id: string }).id
    const alice = await signIn('alice@example.test', 'correct horse')
    const bob = await signIn('bob@example.test', 'battery staple')
    // A new sign-in becomes active only when none is; bob is made active as the Done step does.
    await dispatch('accounts:switch', { id: bob })
    return { alice, bob, misskeyAlice }
  })
}

beforeAll(async () => {
  await ensureFreshBuild(root)
  sim = await startSimulator({ personality: 'mastodon-4.3' })
  misskey = await startSimulator({ personality: 'misskey' })
  userData = mkdtempSync(join(tmpdir(), 'fedivault-shell-'))
  handles = await prepareVault(userData)
  shell = launchShell({ userData, safeStorageKey: key })
  await until(
    () => shell.snapshot(),
    (s) => s.windows.length === 1 && s.trays.length === 1 && s.windows[0]!.visible,
    'the main window and the tray'
  )
}, 240_000)

afterAll(async () => {
  if (shell?.child.exitCode === null) shell.kill()
  await sim?.close()
  await misskey?.close()
  if (userData) rmSync(userData, { recursive: true, force: true })
})

// Each step waits on another process (a second launch starts a whole app): no tight limits.
describe('the built desktop shell under the fake electron', { timeout: 120_000 }, () => {
  let started: ShellSnapshot

  test('takes the single-instance lock and opens one window, locked down, with the built preload', async () => {
    started = await shell.snapshot()
    expect(started.lockHeld).toBe(true)
    const [win] = started.windows
    expect(win!.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false
    })
    const preload = (win!.options.webPreferences as { preload: string }).preload
    expect(preload).toBe(join(root, 'out/preload/index.cjs'))
    expect(existsSync(preload)).toBe(true)
    expect(win!.url).toBe(`file://${join(root, 'out/renderer/index.html')}`)
    // Created hidden, shown once the page is ready (no white flash).
    expect(win!.options.show).toBe(false)
    expect(win!.calls).toEqual([expect.stringMatching(/^load:file:/), 'show'])
  })

  test('every response carries the CSP: the renderer meta tag plus frame-ancestors', async () => {
    const headers = await shell.request<Record<string, string[]>>({
      op: 'response-headers',
      url: 'file:///index.html'
    })
    const header = headers['Content-Security-Policy']![0]!
    const directives = (csp: string) => csp.split(';').map((d) => d.trim())
    const html = readFileSync(join(root, 'out/renderer/index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)![1]!
    expect(directives(header)).toEqual(expect.arrayContaining(directives(meta)))
    expect(directives(header)).toContain("frame-ancestors 'none'")
  })

  test('permissions, new windows, navigation and webviews are refused', async () => {
    expect(started.session).toEqual({
      permissionRequestHandler: true,
      permissionCheckHandler: true,
      headersListener: true
    })
    expect(await shell.request({ op: 'permission', permission: 'media' })).toEqual({
      requested: false,
      checked: false
    })
    expect(started.windows[0]!.windowOpenHandler).toBe(true)
    expect(await shell.request({ op: 'window-open', url: 'https://example.org/a' })).toEqual({
      action: 'deny'
    })
    expect(await shell.request({ op: 'window-open', url: 'file:///etc/passwd' })).toEqual({
      action: 'deny'
    })
    expect(await shell.request({ op: 'navigate', url: 'https://example.org/b' })).toBe(true)
    expect(await shell.request({ op: 'attach-webview', url: 'https://example.org/c' })).toBe(true)
    // http(s) links go to the system browser instead; file: does not.
    expect((await shell.snapshot()).openedExternal).toEqual([
      'https://example.org/a',
      'https://example.org/b'
    ])
  })

  test('an IPC handler for every channel of the contract, plus the ready signal', () => {
    expect([...started.ipc.handle].sort()).toEqual([...channels].sort())
    expect(started.ipc.on).toContain(READY_CHANNEL)
  })

  test('a renderer call reaches the real vault; other senders are refused', async () => {
    const list = await invoke('accounts:list')
    expect(list).toMatchObject({ ok: true, data: { activeAccountId: handles.bob } })
    const ids = (list as unknown as { data: { accounts: Array<{ id: string; status: string }> } })
      .data.accounts
    expect(ids.map((a) => a.id).sort()).toEqual(
      [handles.alice, handles.bob, handles.misskeyAlice].sort()
    )
    // The tokens were decrypted with safeStorage and verified: no "needs sign-in".
    expect(ids.every((a) => a.status === 'ok')).toBe(true)

    for (const from of ['another-webcontents', 'navigated-frame'] as const) {
      expect(await invoke('accounts:list', undefined, from)).toEqual({
        ok: false,
        error: { code: 'forbidden_sender', message: 'Request refused: unknown sender.' }
      })
    }
  })

  test('the tray lists the accounts; choosing one there makes it the active account', async () => {
    const tray = started.trays[0]!
    const account = (id: string) => tray.menu.find((i) => i.id === `account:${id}`)
    expect(account(handles.bob)).toMatchObject({ type: 'radio', checked: true })
    expect(account(handles.alice)).toMatchObject({ type: 'radio', checked: false })

    await shell.request({ op: 'tray-click', id: `account:${handles.alice}` })
    await until(
      () => invoke('accounts:list'),
      (r) => r.ok && r.data.activeAccountId === handles.alice,
      'alice active after the tray click'
    )
    const menu = (await shell.snapshot()).trays[0]!.menu
    expect(menu.find((i) => i.id === `account:${handles.alice}`)?.checked).toBe(true)
    expect(menu.find((i) => i.id === `account:${handles.bob}`)?.checked).toBe(false)
  })

  test('a Misskey account is switched to from the tray like any other', async () => {
    const before = (await shell.snapshot()).trays[0]!
    expect(before.menu.find((i) => i.id === `account:${handles.misskeyAlice}`)).toMatchObject({
      type: 'radio',
      checked: false
    })
    await shell.request({ op: 'tray-click', id: `account:${handles.misskeyAlice}` })
    const list = await until(
      () => invoke('accounts:list'),
      (r) => r.ok && r.data.activeAccountId === handles.misskeyAlice,
      'the Misskey account active after the tray click'
    )
    const active = (
      list as unknown as { data: { accounts: Array<Record<string, unknown>> } }
    ).data.accounts.find((a) => a.id === handles.misskeyAlice)
    expect(active).toMatchObject({ api: 'misskey', status: 'ok', active: true })
    const after = (await shell.snapshot()).trays[0]!
    expect(after.menu.find((i) => i.id === `account:${handles.misskeyAlice}`)?.checked).toBe(true)
    expect(after.tooltip).toContain(handles.misskeyAlice)
    // Back to the Mastodon account, as the next test expects.
    await shell.request({ op: 'tray-click', id: `account:${handles.alice}` })
    await until(
      () => invoke('accounts:list'),
      (r) => r.ok && r.data.activeAccountId === handles.alice,
      'alice active again'
    )
  })

  test('script access on writes endpoint.json for a port that is listening', async () => {
    const on = await invoke('scriptAccess:set', { enabled: true })
    expect(on).toMatchObject({ ok: true, data: { scriptAccess: { enabled: true, running: true } } })
    const record = JSON.parse(readFileSync(join(userData, 'endpoint.json'), 'utf8')) as {
      url: string
      pid: number
    }
    expect(record.pid).toBe(shell.child.pid)
    expect(await canConnect(new URL(record.url))).toBe(true)
    expect(
      (await shell.snapshot()).trays[0]!.menu.find((i) => i.id === 'script-access')
    ).toMatchObject({
      checked: true
    })
  })

  test('a second launch quits at once and brings the first window forward', async () => {
    const second = launchShell({ userData, safeStorageKey: key })
    const { code, snapshot } = await second.exited
    expect(code).toBe(0)
    expect(snapshot).toMatchObject({ lockHeld: false, windows: [], trays: [], quitCalls: 1 })
    const first = await until(
      () => shell.snapshot(),
      (s) => s.secondInstances === 1,
      'the first instance hearing of the second'
    )
    expect(first.windows).toHaveLength(1)
    expect(first.windows[0]!.calls.at(-1)).toBe('focus')
  })

  test('quitting stops the endpoint, removes endpoint.json and closes the port', async () => {
    const { url } = JSON.parse(readFileSync(join(userData, 'endpoint.json'), 'utf8')) as {
      url: string
    }
    await shell.request({ op: 'tray-click', id: 'quit' }).catch(() => undefined)
    const { code, snapshot } = await shell.exited
    expect(code).toBe(0)
    expect(snapshot!.trays[0]!.destroyed).toBe(true)
    expect(snapshot!.windows).toEqual([])
    // The shell's own quit path stopped it (its log says so), not the end of the process.
    expect(shell.output()).toContain('script access: stopped')
    expect(existsSync(join(userData, 'endpoint.json'))).toBe(false)
    expect(await canConnect(new URL(url))).toBe(false)
  })
})

function canConnect(url: URL): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(Number(url.port), url.hostname)
    socket.on('connect', () => {
      socket.destroy()
      done(true)
    })
    socket.on('error', () => done(false))
  })
}
