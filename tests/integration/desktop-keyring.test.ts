import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { PASSWORD_STORE_FILE } from '../../src/main/keyring/password-store'
import { ensureFreshBuild } from '../support/fresh-build'
import { launchShell, untilShell, type ShellProcess } from '../support/shell-process/launch'
import type { ShellSnapshot } from '../support/shell-process/protocol'

/**
 * The Linux keyring choice in the built shell under the fake electron, on a desktop Electron does
 * not recognise (Sway) with a Secret Service running that only `--password-store=gnome-libsecret`
 * reaches — the driver's safeStorage answers `basic_text` otherwise, as Electron does there. Each
 * start is a new process on the same data folder, as a restart is.
 */
const root = resolve(import.meta.dirname, '../..')
const key = randomBytes(32)
let userData: string
const started: ShellProcess[] = []

type Answer = { ok: true; data: Record<string, unknown> } | { ok: false; error: { code: string } }
interface Keyring {
  desktop: { xdgCurrentDesktop: string | null; desktopSession: string | null }
  saved: string | null
  commandLine: string | null
  applied: string | null
  failure?: { tried: string; message: string }
  canRestart: boolean
}
interface Settings {
  storage: { protectedByOs: boolean; backend: string; canSaveSecrets: boolean }
  keyring: Keyring
}

const until = <T>(shell: ShellProcess, read: () => Promise<T>, ok: (v: T) => boolean) =>
  untilShell(shell, read, ok)

/** Starts the shell, waits for its window; returns it with a typed invoke. */
async function start(options: { args?: string[]; keyring?: string } = {}) {
  const shell = launchShell({
    userData,
    safeStorageKey: key,
    args: options.args ?? [],
    env: {
      FEDIVAULT_SHELL_KEYRING: options.keyring ?? 'gnome-libsecret',
      XDG_CURRENT_DESKTOP: 'sway',
      DESKTOP_SESSION: 'sway'
    }
  })
  started.push(shell)
  await until(
    shell,
    () => shell.snapshot(),
    (s) => s.windows.length === 1
  )
  const invoke = async <T>(channel: string, payload?: unknown) => {
    const answer = await shell.request<Answer>({ op: 'invoke', channel, payload, from: 'window' })
    if (!answer.ok) throw new Error(`${channel}: ${JSON.stringify(answer.error)}`)
    return answer.data as T
  }
  const quit = async () => {
    await shell.request({ op: 'quit' })
    return shell.exited
  }
  return { shell, invoke, quit, settings: () => invoke<Settings>('settings:get') }
}

const passwordStoreSwitches = (s: ShellSnapshot) =>
  s.switches.filter((entry) => entry.name === 'password-store')
const choiceFile = () =>
  JSON.parse(readFileSync(join(userData, PASSWORD_STORE_FILE), 'utf8')) as unknown

beforeAll(async () => {
  await ensureFreshBuild(root)
  userData = mkdtempSync(join(tmpdir(), 'fedivault-keyring-shell-'))
}, 240_000)

afterAll(() => {
  for (const shell of started) if (shell.child.exitCode === null) shell.kill()
  if (userData) rmSync(userData, { recursive: true, force: true })
})

describe('choosing the Linux keyring, across restarts', { timeout: 120_000 }, () => {
  test('basic_text: Settings names the desktop, and the choice goes beside the vault, not in it', async () => {
    const app = await start()
    expect(passwordStoreSwitches(await app.shell.snapshot())).toEqual([])
    const before = await app.settings()
    expect(before.storage).toMatchObject({ protectedByOs: false, backend: 'basic_text' })
    expect(before.keyring).toMatchObject({
      desktop: { xdgCurrentDesktop: 'sway', desktopSession: 'sway' },
      saved: null,
      applied: null,
      commandLine: null,
      canRestart: true
    })
    const vaultBefore = existsSync(join(userData, 'vault.json'))
      ? readFileSync(join(userData, 'vault.json'), 'utf8')
      : null

    const chosen = await app.invoke<Settings>('desktop:chooseKeyring', {
      backend: 'gnome-libsecret'
    })
    expect(chosen.keyring.saved).toBe('gnome-libsecret')
    expect(choiceFile()).toEqual({ backend: 'gnome-libsecret' })
    const vaultAfter = existsSync(join(userData, 'vault.json'))
      ? readFileSync(join(userData, 'vault.json'), 'utf8')
      : null
    expect(vaultAfter).toBe(vaultBefore)

    expect(await app.invoke('desktop:restart')).toEqual({ restarting: true })
    const { code, snapshot } = await app.shell.exited
    expect(code).toBe(0)
    // Relaunched with the arguments it had (Electron's default, process.argv after the binary).
    expect(snapshot!.relaunches).toEqual([{ args: [join(root, 'out/main/index.js')] }])
  })

  test('after the restart the switch is set before ready, and the keyring protects the vault', async () => {
    const app = await start()
    expect(passwordStoreSwitches(await app.shell.snapshot())).toEqual([
      { name: 'password-store', value: 'gnome-libsecret', beforeReady: true }
    ])
    const settings = await app.settings()
    expect(settings.storage).toMatchObject({ protectedByOs: true, canSaveSecrets: true })
    expect(settings.keyring).toMatchObject({ saved: 'gnome-libsecret', applied: 'gnome-libsecret' })
    expect(settings.keyring.failure).toBeUndefined()
    await app.quit()
  })

  test('a --password-store on the command line wins over the saved choice, which stays', async () => {
    const app = await start({ args: ['--password-store=kwallet5'] })
    expect(passwordStoreSwitches(await app.shell.snapshot())).toEqual([])
    const settings = await app.settings()
    expect(settings.keyring).toMatchObject({
      commandLine: 'kwallet5',
      applied: 'kwallet5',
      saved: 'gnome-libsecret'
    })
    expect(settings.storage.protectedByOs).toBe(false)
    await app.quit()
    expect(choiceFile()).toEqual({ backend: 'gnome-libsecret' })
  })

  test('the keyring gone: still basic_text, so it says what was tried and goes back to the default', async () => {
    const app = await start({ keyring: '' })
    expect(passwordStoreSwitches(await app.shell.snapshot())).toHaveLength(1)
    const settings = await app.settings()
    expect(settings.storage.protectedByOs).toBe(false)
    expect(settings.keyring.saved).toBeNull()
    expect(settings.keyring.failure).toMatchObject({ tried: 'gnome-libsecret' })
    expect(settings.keyring.failure!.message).toContain(
      'GNOME Keyring / Secret Service (--password-store=gnome-libsecret)'
    )
    const info = await app.invoke<{ notices: Array<{ code: string; message: string }> }>('app:info')
    expect(info.notices).toContainEqual({
      level: 'warning',
      code: 'keyring_not_found',
      message: settings.keyring.failure!.message
    })
    expect(choiceFile()).toMatchObject({ backend: null, failed: { tried: 'gnome-libsecret' } })
    await app.quit()

    // The next start is Electron's own detection again, and Settings still says what happened.
    const next = await start({ keyring: '' })
    expect(passwordStoreSwitches(await next.shell.snapshot())).toEqual([])
    expect((await next.settings()).keyring.failure).toMatchObject({ tried: 'gnome-libsecret' })
    await next.quit()
  })
})
