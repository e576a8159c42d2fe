import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, test } from 'vitest'
import type { ScriptKeyAccounts } from '@shared/domain/script-keys'
import { runCommand } from '../../../src/cli/commands'
import { CliError, exitCodes } from '../../../src/cli/exit-codes'
import { ScriptKeyRegistry } from '../../../src/main/script-keys'
import { sampleSource, startEndpoint } from '../endpoint/fixtures'
import { startUpstream } from '../endpoint/upstream'
import { memoryKeyStorage } from '../../support/memory-key-storage'

/**
 * `fedivault api` without `--account` uses the active account. A script key sees only the
 * accounts it covers, so when the active one is not among them the CLI must say so, and name the
 * accounts the key may use, rather than claim that no account is active. Real endpoint on
 * loopback, the CLI's own command code in this process.
 */

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

async function setup() {
  const up = await startUpstream((_req, res) => void res.end('{"notifications":[]}'))
  cleanups.push(() => up.close())
  const source = sampleSource(up.url) // alice@social.example is active
  const keys = new ScriptKeyRegistry(memoryKeyStorage())
  const h = await startEndpoint({ source, accounts: source, keys })
  cleanups.push(() => h.cleanup())
  const endpointFile = (secret: string) => ({
    url: `http://127.0.0.1:${h.port}`,
    secret,
    pid: 0,
    version: 'test'
  })
  const keyFor = (accounts: ScriptKeyAccounts) =>
    keys.create({ name: `key ${JSON.stringify(accounts)}`, accounts, mode: 'proxy-read-only' })
      .plaintext
  const api = async (secret: string) => {
    const stdout = new PassThrough()
    let out = ''
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    const stderr: string[] = []
    try {
      const code = await runCommand(
        { kind: 'api', method: 'GET', path: '/api/v1/notifications' },
        endpointFile(secret),
        { stdout, stderr: (text) => stderr.push(text), env: {} }
      )
      return { code, out, message: stderr.join('') }
    } catch (error) {
      if (!(error instanceof CliError)) throw error
      return { code: error.exitCode, out, message: error.message }
    }
  }
  return { h, up, source, keyFor, api }
}

describe('fedivault api without --account, with a script key', () => {
  test('the key covers the active account: the call goes through', async () => {
    const s = await setup()
    const result = await s.api(s.keyFor(['alice@social.example']))
    expect(result).toMatchObject({ code: exitCodes.ok, out: '{"notifications":[]}' })
    expect(s.up.seen.map((r) => r.url)).toEqual(['/api/v1/notifications'])
  })

  test('the active account is not the key’s: names the accounts it may use', async () => {
    const s = await setup()
    const result = await s.api(s.keyFor(['bob@social.example']))
    expect(result.code).toBe(exitCodes.noActiveAccount)
    expect(result.message).toBe(
      'No account this script key may use is active. Pass --account with one of: bob@social.example.'
    )
    expect(s.up.seen).toEqual([])
  })

  test('a key for "the active account" when none is active, or a key whose accounts are gone', async () => {
    const s = await setup()
    for (const a of s.source.accounts) a.active = false
    const forActive = await s.api(s.keyFor('active'))
    expect(forActive.code).toBe(exitCodes.keyScope)
    expect(forActive.message).toMatch(/^This script key may use no account in Fedivault right now/)
    const gone = await s.api(s.keyFor(['dave@gone.example']))
    expect(gone.code).toBe(exitCodes.keyScope)
    expect(s.up.seen).toEqual([])
  })

  test('with the owner secret and no active account, it says just that', async () => {
    const s = await setup()
    for (const a of s.source.accounts) a.active = false
    const result = await s.api(s.h.secret)
    expect(result.code).toBe(exitCodes.noActiveAccount)
    expect(result.message).toBe(
      'No account is active. Pick one in Fedivault, or pass --account user@domain.'
    )
  })
})
