import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { passwordStoreFile } from '../../../src/main/keyring/password-store'
import {
  applyPasswordStoreChoice,
  electronNotifier,
  restartApp
} from '../../../src/main/platform/desktop-ports'
import { fake, Notification, resetFakeElectron } from '../../support/fake-electron'

// The Electron side of start at login, notifications and the keyring, on the fake electron.

let dir: string
beforeEach(() => {
  resetFakeElectron()
  dir = mkdtempSync(join(tmpdir(), 'fedivault-ports-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('applyPasswordStoreChoice', () => {
  test('appends the saved choice as --password-store, on Linux, before ready', () => {
    passwordStoreFile(dir).write({ backend: 'kwallet6' })
    expect(applyPasswordStoreChoice(dir, ['fv'], 'linux').source).toBe('saved')
    expect(fake.switches).toEqual([
      { name: 'password-store', value: 'kwallet6', beforeReady: true }
    ])
  })
  test('leaves a command-line --password-store to Electron, and other systems alone', () => {
    passwordStoreFile(dir).write({ backend: 'kwallet6' })
    applyPasswordStoreChoice(dir, ['fv', '--password-store=basic'], 'linux')
    applyPasswordStoreChoice(dir, ['fv'], 'darwin')
    expect(fake.switches).toEqual([])
  })
})

test('restartApp relaunches without the hidden-start argument, then quits', () => {
  const argv = process.argv
  process.argv = ['/opt/fv/fedivault', '--hidden', '--password-store=kwallet5']
  try {
    restartApp()
  } finally {
    process.argv = argv
  }
  expect(fake.relaunches).toEqual([{ args: ['--password-store=kwallet5'] }])
  expect(fake.quitCalls).toBe(1)
})

describe('electronNotifier', () => {
  test('shows the notification and runs the click handler once clicked', () => {
    const clicks: string[] = []
    const notifier = electronNotifier()
    expect(notifier.supported).toBe(true)
    notifier.notify({ title: 'T', body: 'B' }, () => clicks.push('clicked'))
    expect(Notification.instances.map((n) => [n.title, n.body, n.shown])).toEqual([
      ['T', 'B', true]
    ])
    Notification.instances[0]!.click()
    expect(clicks).toEqual(['clicked'])
  })
  test('where the system has no notifications, nothing is created', () => {
    Notification.supported = false
    const notifier = electronNotifier()
    expect(notifier.supported).toBe(false)
    notifier.notify({ title: 'T', body: 'B' }, () => undefined)
    expect(Notification.instances).toEqual([])
  })
})
