import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import {
  commandLinePasswordStore,
  KeyringService,
  PASSWORD_STORE_FILE,
  passwordStoreFile,
  planPasswordStore
} from '../../../src/main/keyring/password-store'

let dir: string
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'fedivault-keyring-'))))
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const saved = () => JSON.parse(readFileSync(join(dir, PASSWORD_STORE_FILE), 'utf8')) as unknown
const sway = { XDG_CURRENT_DESKTOP: 'sway', DESKTOP_SESSION: 'sway' }

describe('the keyring choice file', () => {
  test('missing, unreadable or unknown content is "no choice"', () => {
    const file = passwordStoreFile(dir)
    expect(file.read()).toEqual({ backend: null })
    writeFileSync(join(dir, PASSWORD_STORE_FILE), '{broken')
    expect(file.read()).toEqual({ backend: null })
    writeFileSync(join(dir, PASSWORD_STORE_FILE), JSON.stringify({ backend: 'gnome-keyring' }))
    expect(file.read()).toEqual({ backend: null })
    writeFileSync(join(dir, PASSWORD_STORE_FILE), JSON.stringify({ backend: 'kwallet6' }))
    expect(file.read()).toEqual({ backend: 'kwallet6' })
  })
})

describe('planPasswordStore (before app.ready)', () => {
  test('nothing saved: Electron’s own detection', () => {
    const plan = planPasswordStore({
      platform: 'linux',
      argv: ['fv'],
      file: passwordStoreFile(dir)
    })
    expect(plan).toMatchObject({ append: null, source: 'default', commandLine: null })
  })

  test('the saved choice is the switch to append', () => {
    passwordStoreFile(dir).write({ backend: 'gnome-libsecret' })
    const plan = planPasswordStore({
      platform: 'linux',
      argv: ['fv'],
      file: passwordStoreFile(dir)
    })
    expect(plan).toMatchObject({ append: 'gnome-libsecret', source: 'saved' })
  })

  test('a --password-store on the command line wins, in either spelling', () => {
    passwordStoreFile(dir).write({ backend: 'gnome-libsecret' })
    for (const argv of [
      ['fv', '--password-store=kwallet5'],
      ['fv', '--password-store', 'kwallet5']
    ]) {
      const plan = planPasswordStore({ platform: 'linux', argv, file: passwordStoreFile(dir) })
      expect(plan).toMatchObject({ append: null, source: 'command-line', commandLine: 'kwallet5' })
    }
    expect(commandLinePasswordStore(['fv', '--password-store'])).toBeNull()
  })

  test('off Linux the file is not even read', () => {
    passwordStoreFile(dir).write({ backend: 'kwallet6' })
    for (const platform of ['darwin', 'win32'] as const) {
      expect(planPasswordStore({ platform, argv: [], file: passwordStoreFile(dir) })).toMatchObject(
        {
          append: null,
          source: 'default'
        }
      )
    }
  })
})

describe('KeyringService (after app.ready)', () => {
  function service(options: { backend: string; argv?: string[]; platform?: NodeJS.Platform }) {
    const file = passwordStoreFile(dir)
    const platform = options.platform ?? 'linux'
    const plan = planPasswordStore({ platform, argv: options.argv ?? ['fv'], file })
    return new KeyringService({
      platform,
      plan,
      file,
      env: sway,
      backend: () => options.backend,
      canRestart: true,
      clock: { now: () => 1234 }
    })
  }

  test('names the desktop Electron judged by and offers the backends it accepts', () => {
    const info = service({ backend: 'basic_text' }).info()!
    expect(info.desktop).toEqual({ xdgCurrentDesktop: 'sway', desktopSession: 'sway' })
    expect(info.choices.map((c) => c.id)).toEqual(['gnome-libsecret', 'kwallet5', 'kwallet6'])
    expect(info).toMatchObject({ saved: null, applied: null, commandLine: null, canRestart: true })
    expect(info.failure).toBeUndefined()
    expect(service({ backend: 'keychain', platform: 'darwin' }).info()).toBeUndefined()
  })

  test('a choice is saved for the next start, and can be taken back', () => {
    const keyring = service({ backend: 'basic_text' })
    keyring.choose('kwallet6')
    expect(saved()).toEqual({ backend: 'kwallet6' })
    expect(keyring.info()).toMatchObject({ saved: 'kwallet6', applied: null })
    keyring.choose(null)
    expect(saved()).toEqual({ backend: null })
  })

  test('the saved choice worked: kept, and nothing to say', () => {
    passwordStoreFile(dir).write({ backend: 'gnome-libsecret' })
    const keyring = service({ backend: 'gnome_libsecret' })
    expect(keyring.settle()).toBeUndefined()
    expect(saved()).toEqual({ backend: 'gnome-libsecret' })
    expect(keyring.info()).toMatchObject({ saved: 'gnome-libsecret', applied: 'gnome-libsecret' })
  })

  test('still basic_text after the restart: back to the default, and it says what was tried', () => {
    passwordStoreFile(dir).write({ backend: 'kwallet5' })
    const keyring = service({ backend: 'basic_text' })
    const message = keyring.settle()
    expect(message).toContain('KWallet 5 (--password-store=kwallet5)')
    expect(message).toContain('still found no keyring')
    expect(saved()).toEqual({ backend: null, failed: { tried: 'kwallet5', at: 1234 } })
    // The next start runs on Electron's own detection, and Settings still says what happened.
    const next = service({ backend: 'basic_text' })
    expect(next.settle()).toBeUndefined()
    expect(next.info()).toMatchObject({
      saved: null,
      applied: null,
      failure: { tried: 'kwallet5', message }
    })
    // Choosing again forgets the failure.
    next.choose('gnome-libsecret')
    expect(next.info()!.failure).toBeUndefined()
    expect(saved()).toEqual({ backend: 'gnome-libsecret' })
  })

  test('a working retry clears the failure it recorded', () => {
    passwordStoreFile(dir).write({ backend: 'kwallet6', failed: { tried: 'kwallet5', at: 1 } })
    const keyring = service({ backend: 'kwallet6' })
    expect(keyring.settle()).toBeUndefined()
    expect(saved()).toEqual({ backend: 'kwallet6' })
  })

  test('with --password-store on the command line the saved choice is neither applied nor dropped', () => {
    passwordStoreFile(dir).write({ backend: 'kwallet5' })
    const keyring = service({ backend: 'basic_text', argv: ['fv', '--password-store=basic'] })
    expect(keyring.settle()).toBeUndefined()
    expect(saved()).toEqual({ backend: 'kwallet5' })
    expect(keyring.info()).toMatchObject({
      commandLine: 'basic',
      applied: 'basic',
      saved: 'kwallet5'
    })
  })

  test('nothing chosen, nothing written', () => {
    expect(service({ backend: 'basic_text' }).settle()).toBeUndefined()
    expect(existsSync(join(dir, PASSWORD_STORE_FILE))).toBe(false)
  })
})
