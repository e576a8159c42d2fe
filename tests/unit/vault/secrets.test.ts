import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { contract } from '@shared/ipc/contract'
import { VaultError, vaultStorePath } from '../../../src/main/vault'
import { appFor, signIn } from './support/fixtures'
import { makeVault, noKeychain } from './support/vault-harness'
import { FileKeyCipher, TEST_KEY_FILE_NAME } from '../../../src/harness/file-key-cipher'

function code(error: unknown) {
  return error instanceof VaultError ? error.code : String(error)
}

describe('no secret leaves the vault except through getAccessToken', () => {
  test('not in the store file, the logs, any DTO, any event or any error message', async () => {
    const { vault, server, dir, log, reopen } = makeVault()
    const secrets: string[] = []
    const seen: unknown[] = []
    vault.on('changed', (s) => seen.push(s))
    vault.on('settings', (s) => seen.push(s))

    for (const [user, host] of [
      ['alice', 'a.example'],
      ['bob', 'a.example'],
      ['carol', 'c.example']
    ] as const) {
      const input = signIn(server, user, host, { refresh: user === 'carol', lifetimeMs: 60_000 })
      secrets.push(input.tokens.accessToken, input.app!.clientSecret)
      if (input.tokens.refreshToken) secrets.push(input.tokens.refreshToken)
      seen.push(contract['signin:password'].response.parse(await vault.add(input)))
    }
    // A re-sign-in supersedes a token; a refresh rotates a pair: all of them count.
    const again = signIn(server, 'alice', 'a.example', { app: appFor('a.example') })
    secrets.push(again.tokens.accessToken, again.app!.clientSecret)
    seen.push(await vault.add(again))
    // The engine registers another app on a.example; alice's and bob's tokens keep theirs.
    const reregistered = appFor('a.example', 'client-a-2')
    secrets.push(reregistered.clientSecret)
    await vault.apps.put('https://a.example', reregistered)
    const dan = signIn(server, 'dan', 'a.example', { app: reregistered })
    secrets.push(dan.tokens.accessToken)
    seen.push(await vault.add(dan))
    const refreshed = await vault.reverifyAll()
    const grant = await vault.getAccessToken('carol@c.example')
    secrets.push(grant.accessToken)
    seen.push(refreshed, vault.list(), vault.storageInfo(), vault.getSettings())
    for (const a of vault.list().accounts)
      seen.push(contract['accounts:get'].response.parse(vault.get(a.id)))
    seen.push(
      vault.updateSettings({ closeToTray: true, scriptAccess: { enabled: true, port: 4567 } })
    )
    seen.push(
      vault.rename('bob@a.example', 'B'),
      vault.reorder(['carol@c.example']),
      vault.switch('bob@a.example')
    )
    server.offline = true
    seen.push(await vault.reverifyAll())
    seen.push(await vault.remove('bob@a.example'))
    server.offline = false
    seen.push(await vault.remove('bob@a.example'))
    seen.push(reopen().list(), ...reopen().notices)

    const errors: string[] = []
    const attempts: Array<() => unknown> = [
      () => vault.switch('nobody@x.example'),
      () => vault.add({ ...signIn(server, 'dave', 'd.example'), handle: 'eve@d.example' }),
      () => makeVault({ dir, cipher: noKeychain }).vault.add(signIn(server, 'erin', 'e.example'))
    ]
    for (const attempt of attempts) {
      await Promise.resolve()
        .then(attempt)
        .catch((e: Error) => errors.push(`${e.name} ${e.message}`))
    }
    expect(errors).toHaveLength(3)

    const files = readdirSync(dir)
      .filter((n) => n !== TEST_KEY_FILE_NAME)
      .map((n) => readFileSync(join(dir, n), 'latin1'))
    const haystacks = {
      files: files.join('\n'),
      logs: JSON.stringify(log.lines),
      dtosAndEvents: JSON.stringify(seen),
      errors: errors.join('\n')
    }
    expect(secrets.length).toBeGreaterThanOrEqual(9)
    for (const secret of new Set(secrets)) {
      for (const [where, text] of Object.entries(haystacks)) {
        expect(text.includes(secret), `a secret appeared in ${where}`).toBe(false)
      }
    }
    // The scan is only meaningful if the haystacks hold what it searched for.
    expect(haystacks.files).toContain('carol@c.example')
    expect(haystacks.files).toMatch(/"client-a\.example":.*"client-a-2":/s)
    expect(haystacks.logs).toContain('account saved')
    expect(haystacks.dtosAndEvents).toContain('carol display')
  })
})

describe('without a keychain', () => {
  test('saving a sign-in or an app secret is refused with encryption_unavailable and nothing is written', async () => {
    const { vault, server, dir } = makeVault({ cipher: noKeychain })
    await expect(vault.add(signIn(server, 'alice', 'a.example'))).rejects.toSatisfy(
      (e) => code(e) === 'encryption_unavailable' && /basic_text|keyring/.test((e as Error).message)
    )
    await expect(vault.apps.put('https://a.example', appFor('a.example'))).rejects.toSatisfy(
      (e) => code(e) === 'encryption_unavailable'
    )
    expect(vault.storageInfo()).toMatchObject({
      backend: 'basic_text',
      protectedByOs: false,
      canSaveSecrets: false,
      plaintextOptIn: false
    })
    expect(readdirSync(dir).filter((n) => n.startsWith('vault.json'))).toEqual([])
  })

  test('the explicit opt-in stores visible plaintext, says so, and cannot be turned off while it is used', async () => {
    const { vault, server, dir } = makeVault({ cipher: noKeychain })
    vault.updateSettings({ allowPlaintextSecrets: true })
    const input = signIn(server, 'alice', 'a.example')
    await vault.add(input)
    expect(readFileSync(vaultStorePath(dir), 'utf8')).toContain(
      `plain1:${input.tokens.accessToken}`
    )
    expect(vault.storageInfo()).toMatchObject({
      canSaveSecrets: true,
      plaintextOptIn: true,
      description: expect.stringMatching(/plain text/)
    })
    expect((await vault.getAccessToken()).accessToken).toBe(input.tokens.accessToken)
    expect(() => vault.updateSettings({ allowPlaintextSecrets: false })).toThrow(
      expect.objectContaining({ code: 'plaintext_secrets_present' })
    )
    await vault.remove('alice@a.example')
    // The app's client secret is still plaintext too.
    await vault.apps.forget('https://a.example')
    expect(vault.updateSettings({ allowPlaintextSecrets: false }).allowPlaintextSecrets).toBe(false)
  })

  test('plaintext secrets are encrypted as soon as a keychain is available', async () => {
    const { vault, server, dir, reopen } = makeVault({ cipher: noKeychain })
    vault.updateSettings({ allowPlaintextSecrets: true })
    const input = signIn(server, 'alice', 'a.example')
    await vault.add(input)

    const upgraded = reopen({ cipher: new FileKeyCipher(dir) })

    expect(upgraded.notices).toEqual([expect.objectContaining({ code: 'secrets_encrypted' })])
    const text = readFileSync(vaultStorePath(dir), 'utf8')
    expect(text).not.toContain(input.tokens.accessToken)
    expect(text).not.toContain(input.app!.clientSecret)
    expect((await upgraded.getAccessToken()).accessToken).toBe(input.tokens.accessToken)
    expect(upgraded.updateSettings({ allowPlaintextSecrets: false }).allowPlaintextSecrets).toBe(
      false
    )
  })

  test('even with the opt-in, secrets are encrypted when a keychain exists', async () => {
    const { vault, server, dir } = makeVault()
    vault.updateSettings({ allowPlaintextSecrets: true })
    const input = signIn(server, 'alice', 'a.example')
    await vault.add(input)
    expect(readFileSync(vaultStorePath(dir), 'utf8')).not.toContain(input.tokens.accessToken)
    expect(vault.storageInfo()).toMatchObject({
      backend: 'file_key',
      protectedByOs: false,
      canSaveSecrets: true
    })
  })
})

describe('a keychain that can no longer decrypt', () => {
  test('the UI is told why; tokens are refused, accounts need re-auth, removal needs force', async () => {
    const { vault, server, dir, reopen } = makeVault()
    await vault.add(signIn(server, 'alice', 'a.example'))
    rmSync(join(dir, TEST_KEY_FILE_NAME))
    const after = reopen({ cipher: new FileKeyCipher(dir) })

    await expect(after.getAccessToken()).rejects.toSatisfy((e) => code(e) === 'decrypt_failed')
    expect(await after.apps.get('https://a.example')).toBeUndefined()
    await after.reverifyAll()
    expect(after.get('alice@a.example')).toMatchObject({
      status: 'needs_reauth',
      statusReason: /could not be decrypted/
    })
    expect((await after.remove('alice@a.example')).removed).toBe(false)
    expect((await after.remove('alice@a.example', { force: true })).removed).toBe(true)
  })

  test('a different cipher backend than the one that sealed the store is reported', async () => {
    const { vault, server, reopen } = makeVault()
    await vault.add(signIn(server, 'alice', 'a.example'))
    const other = { ...noKeychain, backend: 'kwallet5', isAvailable: () => true }
    expect(reopen({ cipher: other }).notices).toEqual([
      expect.objectContaining({
        code: 'cipher_backend_changed',
        message: expect.stringContaining('file_key')
      })
    ])
  })
})

describe('settings', () => {
  test('defaults, typed updates, validation, persistence and an event', async () => {
    const { vault, reopen } = makeVault()
    expect(vault.getSettings()).toEqual({
      scriptAccess: { enabled: false },
      allowPlaintextSecrets: false,
      closeToTray: false
    })
    const events: unknown[] = []
    vault.on('settings', (s) => events.push(s))
    vault.updateSettings({ scriptAccess: { enabled: true, port: 8123 } })
    vault.updateSettings({ closeToTray: true })
    expect(reopen().getSettings()).toEqual({
      scriptAccess: { enabled: true, port: 8123 },
      allowPlaintextSecrets: false,
      closeToTray: true
    })
    expect(vault.updateSettings({ scriptAccess: { port: null } }).scriptAccess).toEqual({
      enabled: true
    })
    expect(events).toHaveLength(3)
    expect(() => vault.updateSettings({ scriptAccess: { port: 80 } })).toThrow(
      expect.objectContaining({ code: 'invalid_settings' })
    )
    // A returned copy cannot change the vault behind its back.
    const copy = vault.getSettings()
    copy.closeToTray = false
    expect(vault.getSettings().closeToTray).toBe(true)
  })

  test('storageInfo names the backend and where the store lives', () => {
    const { vault, dir } = makeVault()
    expect(vault.storageInfo()).toEqual({
      backend: 'file_key',
      description: 'test key file — not the OS keychain',
      protectedByOs: false,
      canSaveSecrets: true,
      plaintextOptIn: false,
      location: vaultStorePath(dir)
    })
  })
})

describe('app registry (for the engine)', () => {
  test('stores the client secret sealed, per host, and forgets it on request', async () => {
    const { vault, dir, reopen } = makeVault()
    const app = appFor('a.example')
    await vault.apps.put('https://a.example/', app)
    expect(readFileSync(vaultStorePath(dir), 'utf8')).not.toContain(app.clientSecret)
    expect(await reopen().apps.get('https://a.example')).toEqual(app)
    expect(await vault.apps.get('https://b.example')).toBeUndefined()
    await vault.apps.forget('https://a.example')
    expect(await reopen().apps.get('https://a.example')).toBeUndefined()
  })

  test('a re-registered app replaces the old one for the next sign-in', async () => {
    const { vault, server } = makeVault()
    await vault.add(signIn(server, 'alice', 'a.example', { app: appFor('a.example', 'old') }))
    const fresh = appFor('a.example', 'new')
    await vault.apps.put('https://a.example', fresh)
    expect(await vault.apps.get('https://a.example')).toEqual(fresh)
  })
})
