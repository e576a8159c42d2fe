import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { NotificationPreference } from '../../src/main/attention/notification-preference'
import {
  KeyringService,
  passwordStoreFile,
  planPasswordStore
} from '../../src/main/keyring/password-store'
import { xdgAutostartLoginItem } from '../../src/main/login-item/xdg-autostart'
import { openIpcApp, type IpcApp } from '../support/ipc-app'

// The desktop settings' channels through the composition root's dispatch (the router's error
// boundary included), with the real services behind them on a temporary folder.

let dir: string
let t: IpcApp | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
  rmSync(dir, { recursive: true, force: true })
})

function keyringFor(dataDir: string, platform: NodeJS.Platform) {
  const file = passwordStoreFile(dataDir)
  return new KeyringService({
    platform,
    plan: planPasswordStore({ platform, argv: ['fv'], file }),
    file,
    env: {},
    backend: () => 'basic_text',
    canRestart: false
  })
}

describe('desktop settings over IPC', () => {
  test('an autostart folder that cannot be written is a clear refusal, and nothing changes', async () => {
    dir = mkdtempSync(join(tmpdir(), 'fedivault-desktop-ipc-'))
    const config = join(dir, 'config')
    mkdirSync(config)
    writeFileSync(join(config, 'autostart'), '') // a file where the folder should be
    const dataDir = join(dir, 'data')
    t = await openIpcApp({
      dataDir,
      desktop: {
        loginItem: xdgAutostartLoginItem({
          file: join(config, 'autostart', 'fedivault.desktop'),
          argv: () => ['fv', '--hidden']
        }),
        notifications: new NotificationPreference(dataDir),
        notificationsSupported: true,
        keyring: keyringFor(dataDir, 'darwin')
      }
    })
    const refused = await t.call('desktop:setStartAtLogin', { openAtLogin: true })
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'desktop_setting_failed' }
    })
    expect(!refused.ok && refused.error.message).toMatch(
      /^Fedivault could not add itself to the programs started at login: /
    )
    expect((await t.ok('settings:get')).startup).toMatchObject({ openAtLogin: false })

    // Off Linux there is no keyring to choose, and saying so is not a silent success.
    expect((await t.ok('settings:get')).keyring).toBeUndefined()
    expect(await t.call('desktop:chooseKeyring', { backend: 'kwallet6' })).toMatchObject({
      ok: false,
      error: { code: 'desktop_setting_failed' }
    })
    // Nothing to restart with: it says so instead of pretending.
    expect(await t.ok('desktop:restart')).toEqual({ restarting: false })
  })

  test('every change is pushed as settings:changed; an unknown backend is refused by the contract', async () => {
    dir = mkdtempSync(join(tmpdir(), 'fedivault-desktop-ipc-'))
    const dataDir = join(dir, 'data')
    t = await openIpcApp({
      dataDir,
      desktop: {
        loginItem: xdgAutostartLoginItem({ file: join(dir, 'a', 'f.desktop'), argv: () => ['fv'] }),
        notifications: new NotificationPreference(dataDir),
        notificationsSupported: true,
        keyring: keyringFor(dataDir, 'linux')
      }
    })
    await t.ok('desktop:setNotifications', { enabled: false })
    await t.ok('desktop:chooseKeyring', { backend: 'gnome-libsecret' })
    await t.ok('desktop:setStartAtLogin', { openAtLogin: true })
    const pushed = t.events.filter((e) => e.startsWith('settings:changed '))
    expect(pushed).toHaveLength(3)
    expect(JSON.parse(pushed.at(-1)!.slice('settings:changed '.length))).toMatchObject({
      notifications: { enabled: false },
      keyring: { saved: 'gnome-libsecret' },
      startup: { openAtLogin: true }
    })
    expect(
      await t.call('desktop:chooseKeyring', { backend: 'basic' } as unknown as { backend: null })
    ).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
  })

  test('without a shell (the harness): start at login unavailable, notifications unsupported', async () => {
    dir = mkdtempSync(join(tmpdir(), 'fedivault-desktop-ipc-'))
    t = await openIpcApp({ dataDir: join(dir, 'data') })
    const settings = await t.ok('settings:get')
    expect(settings.startup).toMatchObject({ available: false, mechanism: 'none' })
    expect(settings.notifications).toEqual({ enabled: true, supported: false })
    expect(await t.ok('desktop:setStartAtLogin', { openAtLogin: true })).toMatchObject({
      startup: { available: false, openAtLogin: false }
    })
  })
})
