import { randomBytes } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parseDesktopEntry, parseExecLine } from '../../src/main/login-item/desktop-entry'
import { startSimulator, type Simulator } from '../sim'
import { ensureFreshBuild } from '../support/fresh-build'
import { launchShell, untilShell, type ShellProcess } from '../support/shell-process/launch'
import { prepareShellVault } from '../support/shell-vault'
import type { ShellSnapshot } from '../support/shell-process/protocol'

/**
 * The built shell started the way its login item starts it (`--hidden`), on a vault with two
 * accounts and script access on: tray and endpoint, no window; the XDG autostart entry it writes
 * in a temporary home; one notification per account that turns "needs sign-in", however many
 * 423s a script gets meanwhile; the tray's attention icon and tooltip.
 */
const root = resolve(import.meta.dirname, '../..')
const key = randomBytes(32)
let sim: Simulator
let home: string
let userData: string
let config: string
let shell: ShellProcess
let alice: string
let bob: string

type Answer = { ok: true; data: Record<string, unknown> } | { ok: false; error: { code: string } }
const invoke = (channel: string, payload?: unknown) =>
  shell.request<Answer>({ op: 'invoke', channel, payload, from: 'window' })
const data = async (channel: string, payload?: unknown) => {
  const answer = await invoke(channel, payload)
  if (!answer.ok) throw new Error(`${channel}: ${JSON.stringify(answer.error)}`)
  return answer.data
}

const until = <T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string) =>
  untilShell(shell, read, ok, what)

/** Two accounts on the simulator and script access on, written by the real services. */
async function prepareVault(dataDir: string) {
  return prepareShellVault(dataDir, key, async ({ dispatch }) => {
    const signIn = async (username: string, password: string) =>
      (await dispatch('signin:password', { input: sim.url, username, password })).id as string
    const ids = {
      alice: await signIn('alice@example.test', 'correct horse'),
      bob: await signIn('bob@example.test', 'battery staple')
    }
    // A new sign-in becomes active only when none is; bob is made active as the Done step does.
    await dispatch('accounts:switch', { id: ids.bob })
    await dispatch('scriptAccess:set', { enabled: true })
    return ids
  })
}

const tray = (s: ShellSnapshot) => s.trays.at(-1)!
const endpoint = () =>
  JSON.parse(readFileSync(join(userData, 'endpoint.json'), 'utf8')) as {
    url: string
    secret: string
    pid: number
  }

beforeAll(async () => {
  await ensureFreshBuild(root)
  sim = await startSimulator({ personality: 'mastodon-4.3' })
  home = mkdtempSync(join(tmpdir(), 'fedivault-login-'))
  userData = join(home, 'userData')
  config = join(home, 'config')
  mkdirSync(userData)
  ;({ alice, bob } = await prepareVault(userData))
  shell = launchShell({
    userData,
    safeStorageKey: key,
    args: ['--hidden'],
    env: { XDG_CONFIG_HOME: config, FEDIVAULT_SHELL_HOME: home }
  })
  await until(
    () => shell.snapshot(),
    (s) => s.trays.length === 1 && existsSync(join(userData, 'endpoint.json')),
    'the tray and the endpoint'
  )
}, 240_000)

afterAll(async () => {
  if (shell?.child.exitCode === null) shell.kill()
  await sim?.close()
  if (home) rmSync(home, { recursive: true, force: true })
})

describe('started at login, under the fake electron', { timeout: 120_000 }, () => {
  test('a hidden start brings up the tray and script access, and no window', async () => {
    const s = await shell.snapshot()
    expect(s.windows).toEqual([])
    expect(endpoint().pid).toBe(shell.child.pid)
    const ok = await fetch(`${endpoint().url}/v1/token`, {
      headers: { Authorization: `Bearer ${endpoint().secret}` }
    })
    expect(ok.status).toBe(200)
    expect(tray(s).image).toMatch(/resources\/tray-on-dark\.png$/)
    expect(tray(s).tooltip).toBe(`Fedivault — @${bob}`)
  })

  test('the window opens from the tray, and closing it keeps Fedivault in the tray', async () => {
    await shell.request({ op: 'tray-click', id: 'open' })
    await until(
      () => shell.snapshot(),
      (s) => s.windows[0]?.visible === true,
      'the window'
    )
    await shell.request({ op: 'renderer-ready' })
    await shell.request({ op: 'close-window' })
    const s = await shell.snapshot()
    expect(s.windows).toHaveLength(1)
    expect(s.windows[0]!.visible).toBe(false)
    expect(s.quitCalls).toBe(0)
  })

  test('"Start when you log in" writes the XDG autostart entry, reads it back, and removes only it', async () => {
    const dir = join(config, 'autostart')
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'someone-else.desktop'), '[Desktop Entry]\nExec=other\n')
    const file = join(dir, 'fedivault.desktop')

    const before = await data('settings:get')
    expect(before.startup).toEqual({
      available: true,
      openAtLogin: false,
      mechanism: 'xdg-autostart',
      detail: file
    })
    const on = await data('desktop:setStartAtLogin', { openAtLogin: true })
    expect(on.startup).toMatchObject({ openAtLogin: true, detail: file })
    const entry = parseDesktopEntry(readFileSync(file, 'utf8'))
    expect(entry).toMatchObject({ Type: 'Application', Name: 'Fedivault' })
    // Unpackaged, as here, Electron (this node) is given the app's folder, then the hidden start.
    expect(parseExecLine(entry.Exec!)).toEqual([process.execPath, root, '--hidden'])

    // What the toggle shows is the file, not what was asked: switched off by the desktop, it is off.
    writeFileSync(file, `${readFileSync(file, 'utf8')}Hidden=true\n`)
    expect((await data('settings:get')).startup).toMatchObject({ openAtLogin: false })

    const off = await data('desktop:setStartAtLogin', { openAtLogin: false })
    expect(off.startup).toMatchObject({ openAtLogin: false })
    expect(readdirSync(dir)).toEqual(['someone-else.desktop'])
  })

  test('an account turning "needs sign-in" is one notification, however many 423s a script gets', async () => {
    expect((await data('settings:get')).notifications).toEqual({ enabled: true, supported: true })
    sim.revokeAllTokens('alice')
    await data('accounts:reverify', { id: alice })
    const s = await until(
      () => shell.snapshot(),
      (v) => v.notifications.length > 0,
      'the notification'
    )
    expect(s.notifications).toEqual([
      {
        title: `Sign in again to @${alice}`,
        body: expect.stringContaining(`${new URL(sim.url).host} no longer accepts`),
        shown: true
      }
    ])
    // A script hammering the dead account's token, and more checks: no second notification.
    const { url, secret } = endpoint()
    for (let i = 0; i < 25; i++) {
      const res = await fetch(`${url}/v1/token?account=${alice}`, {
        headers: { Authorization: `Bearer ${secret}` }
      })
      expect(res.status).toBe(423)
    }
    await data('accounts:reverify', { id: alice })
    await data('accounts:reverify', {})
    const after = await shell.snapshot()
    expect(after.notifications).toHaveLength(1)
    expect(JSON.stringify(after.notifications)).not.toMatch(/HTTP|invalid|token/i)

    // The tray: the attention icon, the count in the tooltip.
    expect(tray(after).image).toMatch(/resources\/tray-attention-on-dark\.png$/)
    expect(tray(after).tooltip).toBe(`Fedivault — @${bob} · 1 account needs sign-in`)
  })

  test('clicking it opens the window on that account’s "Sign in again"', async () => {
    await shell.request({ op: 'notification-click', index: 0 })
    const s = await until(
      () => shell.snapshot(),
      (v) => v.windows[0]?.visible === true,
      'the window shown'
    )
    expect(s.windows[0]!.events.filter((e) => e.event === 'app:navigate').at(-1)).toEqual({
      event: 'app:navigate',
      payload: { to: 'accounts', accountId: alice, action: 'reauth' }
    })
  })

  test('the tray entry of that account opens its sign-in instead of making it active', async () => {
    const active = (await data('accounts:list')).activeAccountId
    const sentBefore = (await shell.snapshot()).windows[0]!.events.length
    await shell.request({ op: 'tray-click', id: `account:${alice}` })
    const s = await until(
      () => shell.snapshot(),
      (v) => v.windows[0]!.events.length > sentBefore,
      'the navigation'
    )
    expect(s.windows[0]!.events.at(-1)).toEqual({
      event: 'app:navigate',
      payload: { to: 'accounts', accountId: alice, action: 'reauth' }
    })
    expect((await data('accounts:list')).activeAccountId).toBe(active)
  })

  test('signed in again: the icon goes back; failing again is a new notification', async () => {
    await data('signin:password', {
      input: sim.url,
      username: 'alice@example.test',
      password: 'correct horse'
    })
    let s = await until(
      () => shell.snapshot(),
      (v) => /tray-on-dark\.png$/.test(tray(v).image),
      'the plain icon'
    )
    // Signing in again mends alice without taking the active place from bob.
    expect(tray(s).tooltip).toBe(`Fedivault — @${bob}`)
    expect(s.notifications).toHaveLength(1)

    sim.revokeAllTokens('alice')
    await data('accounts:reverify', { id: alice })
    s = await until(
      () => shell.snapshot(),
      (v) => v.notifications.length === 2,
      'a second one'
    )
    expect(s.notifications[1]!.title).toBe(`Sign in again to @${alice}`)
  })

  test('with notifications off nothing shows, and the setting is kept in its own file', async () => {
    const off = await data('desktop:setNotifications', { enabled: false })
    expect(off.notifications).toEqual({ enabled: false, supported: true })
    expect(JSON.parse(readFileSync(join(userData, 'notifications.json'), 'utf8'))).toEqual({
      enabled: false
    })
    await data('signin:password', {
      input: sim.url,
      username: 'alice@example.test',
      password: 'correct horse'
    })
    sim.revokeAllTokens('alice')
    await data('accounts:reverify', { id: alice })
    const s = await until(
      () => shell.snapshot(),
      (v) => /tray-attention/.test(tray(v).image),
      'the attention icon'
    )
    expect(s.notifications).toHaveLength(2)
  })
})
