import { readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { vaultEndpointSettings } from '../../../src/main/composition/script-access-ports'
import { vaultStorePath } from '../../../src/main/vault'
import { makeVault, noKeychain } from './support/vault-harness'
import { FileKeyCipher } from '../../../src/harness/file-key-cipher'

interface StoredSettings {
  scriptAccess: { enabled: boolean; port?: number }
  scriptAccessSeal?: string
  allowPlaintextSecrets: boolean
}

/** What another process running as the person can do: rewrite the settings in vault.json. */
function tamper(dir: string, change: (settings: StoredSettings) => void, schemaVersion?: number) {
  const path = vaultStorePath(dir)
  const doc = JSON.parse(readFileSync(path, 'utf8')) as {
    schemaVersion: number
    settings: StoredSettings
  }
  change(doc.settings)
  if (schemaVersion !== undefined) doc.schemaVersion = schemaVersion
  writeFileSync(path, JSON.stringify(doc))
}

function stored(dir: string): StoredSettings {
  return (JSON.parse(readFileSync(vaultStorePath(dir), 'utf8')) as { settings: StoredSettings })
    .settings
}

const reset = expect.objectContaining({
  level: 'warning',
  code: 'script_access_reset',
  message: expect.stringContaining('changed outside Fedivault')
})

describe('script access is tamper-evident', () => {
  test('switched on in Fedivault: sealed, and still on after reopening', () => {
    const { vault, dir, reopen } = makeVault()
    vault.updateSettings({ scriptAccess: { enabled: true, port: 8123 } })
    expect(stored(dir).scriptAccessSeal).toMatch(/^v1:/)
    expect(stored(dir).scriptAccessSeal).not.toContain('8123')

    const again = reopen()
    expect(again.notices).toEqual([])
    expect(again.getSettings().scriptAccess).toEqual({ enabled: true, port: 8123 })
    expect(vaultEndpointSettings(again).read()).toEqual({ enabled: true, port: 8123 })
    // The seal stays inside the vault: not in settings, not in the settings event.
    expect(JSON.stringify(again.getSettings())).not.toContain('v1:')
  })

  test('a port change while on is sealed again; other settings keep the seal', () => {
    const { vault, dir, reopen } = makeVault()
    vault.updateSettings({ scriptAccess: { enabled: true, port: 8123 } })
    const first = stored(dir).scriptAccessSeal
    vault.updateSettings({ closeToTray: true })
    expect(stored(dir).scriptAccessSeal).toBe(first)
    vault.updateSettings({ scriptAccess: { port: 9000 } })
    expect(stored(dir).scriptAccessSeal).not.toBe(first)
    vault.updateSettings({ scriptAccess: { port: null } })
    const again = reopen()
    expect(again.notices).toEqual([])
    expect(again.getSettings().scriptAccess).toEqual({ enabled: true })
  })

  test('switching off drops the seal', () => {
    const { vault, dir } = makeVault()
    vault.updateSettings({ scriptAccess: { enabled: true } })
    vault.updateSettings({ scriptAccess: { enabled: false } })
    expect(stored(dir)).not.toHaveProperty('scriptAccessSeal')
    expect(stored(dir).scriptAccess.enabled).toBe(false)
  })

  test.each<[string, (dir: string, other: string) => void]>([
    [
      'flipped on with no seal (or by the previous version)',
      (dir) =>
        tamper(dir, (s) => {
          s.scriptAccess.enabled = true
          delete s.scriptAccessSeal
        })
    ],
    [
      'a seal copied from another store under another key',
      (dir, other) =>
        tamper(dir, (s) => {
          s.scriptAccess = { enabled: true, port: 8123 }
          s.scriptAccessSeal = stored(other).scriptAccessSeal
        })
    ],
    [
      'the port changed next to a valid seal',
      (dir) =>
        tamper(dir, (s) => {
          s.scriptAccessSeal = stored(dir).scriptAccessSeal ?? ''
          s.scriptAccess = { enabled: true, port: 9999 }
        })
    ],
    [
      'a plaintext seal, with the plaintext opt-in flipped too, while a keychain exists',
      (dir) =>
        tamper(dir, (s) => {
          s.allowPlaintextSecrets = true
          s.scriptAccess = { enabled: true }
          s.scriptAccessSeal = `plain1:${JSON.stringify({ purpose: 'fedivault/script-access', enabled: true, port: null })}`
        })
    ],
    [
      'a token envelope passed off as the seal',
      (dir) =>
        tamper(dir, (s) => {
          s.scriptAccess = { enabled: true }
          s.scriptAccessSeal = 'v1:AAAA'
        })
    ]
  ])('%s: off after reopening, with a notice', (_name, attack) => {
    const other = makeVault()
    other.vault.updateSettings({ scriptAccess: { enabled: true, port: 8123 } })
    const { vault, dir, log, reopen } = makeVault()
    vault.updateSettings({ scriptAccess: { enabled: true, port: 8123 } })
    vault.updateSettings({ closeToTray: true })
    attack(dir, other.dir)

    const opened = reopen()
    expect(opened.notices).toEqual([reset])
    expect(opened.getSettings().scriptAccess.enabled).toBe(false)
    expect(opened.getSettings().closeToTray).toBe(true)
    expect(vaultEndpointSettings(opened).read().enabled).toBe(false)
    // Reset on disk too, and said once.
    expect(stored(dir).scriptAccess.enabled).toBe(false)
    expect(stored(dir)).not.toHaveProperty('scriptAccessSeal')
    expect(reopen().notices).toEqual([])
    expect(log.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', message: expect.stringContaining('script access') })
    )
    // Switching it on again in Fedivault works as before.
    opened.updateSettings({ scriptAccess: { enabled: true } })
    expect(reopen().getSettings().scriptAccess.enabled).toBe(true)
  })

  test('a store from a newer version is not changed, but script access still reads as off', () => {
    const { vault, dir, reopen } = makeVault()
    vault.updateSettings({ closeToTray: true })
    tamper(dir, (s) => void (s.scriptAccess.enabled = true), 99)
    const bytes = readFileSync(vaultStorePath(dir), 'utf8')
    const opened = reopen()
    expect(opened.readOnly).toBe(true)
    expect(opened.notices).toContainEqual(reset)
    expect(opened.getSettings().scriptAccess.enabled).toBe(false)
    expect(readFileSync(vaultStorePath(dir), 'utf8')).toBe(bytes)
  })

  test('without a keychain: on needs the plaintext opt-in, and then survives a reopen', () => {
    const { vault, dir, reopen } = makeVault({ cipher: noKeychain })
    expect(() => vault.updateSettings({ scriptAccess: { enabled: true } })).toThrow(
      expect.objectContaining({
        code: 'encryption_unavailable',
        message: expect.stringContaining('Script access cannot be switched on')
      })
    )
    expect(vault.getSettings().scriptAccess.enabled).toBe(false)
    vault.updateSettings({ allowPlaintextSecrets: true })
    vault.updateSettings({ scriptAccess: { enabled: true } })
    const again = reopen()
    expect(again.notices).toEqual([])
    expect(again.getSettings().scriptAccess.enabled).toBe(true)
    // Once a keychain exists, a plaintext seal no longer counts (anyone could have written it).
    const withKeychain = reopen({ cipher: new FileKeyCipher(dir) })
    expect(withKeychain.notices).toContainEqual(reset)
    expect(withKeychain.getSettings().scriptAccess.enabled).toBe(false)
  })
})
