import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ScriptKeyRegistry } from '../../../src/main/script-keys'
import { sampleSource, startEndpoint, type Harness } from '../endpoint/fixtures'
import { startUpstream, type Upstream } from '../endpoint/upstream'
import { buildCli, type BuiltCli } from '../../support/built-cli'
import { memoryKeyStorage } from '../../support/memory-key-storage'

/**
 * `fedivault keys …` and `FEDIVAULT_KEY=fvk_… fedivault …` as processes, built fresh, against a
 * real endpoint on loopback whose stand-in instance records what reached it.
 */

const alice = 'alice@social.example'
let cli: BuiltCli
const run = (args: string[], env: Record<string, string> = {}) => cli.run(args, env)
let up: Upstream
let h: Harness
let keys: ScriptKeyRegistry
let owner: Record<string, string>

beforeAll(async () => {
  cli = await buildCli()
  up = await startUpstream((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ method: req.method, url: req.url }))
  })
  keys = new ScriptKeyRegistry(memoryKeyStorage())
  h = await startEndpoint({ source: sampleSource(up.url), keys })
  owner = { FEDIVAULT_DATA_DIR: h.dataDir }
}, 60_000)

afterAll(async () => {
  await h?.cleanup()
  await up?.close()
  cli?.remove()
})

describe('fedivault keys (owner) and FEDIVAULT_KEY (scripts)', () => {
  test('a read-only bot key: created once, lists, reads, and is refused writes and tokens', async () => {
    const created = await run(['keys', 'create', 'notification bot', '--account', alice], owner)
    expect(created.code).toBe(0)
    const key = created.stdout.trim()
    expect(created.stdout).toMatch(/^fvk_[A-Za-z0-9_-]{43}\n$/)
    expect(created.stderr).toContain('proxy-read-only; alice@social.example')
    expect(created.stderr).toContain('only time the key is shown')

    const list = await run(['keys', 'list'], owner)
    expect(list.code).toBe(0)
    expect(list.stdout).toMatch(
      /^notification bot\s+active\s+proxy-read-only\s+alice@social\.example\s+never used\s+no expiry\n$/
    )
    expect(list.stdout).not.toContain(key)

    const bot = { ...owner, FEDIVAULT_KEY: key }
    const read = await run(['api', 'GET', 'v1/notifications'], bot)
    expect(read).toMatchObject({ code: 0, stderr: '' })
    expect(JSON.parse(read.stdout)).toEqual({ method: 'GET', url: '/api/v1/notifications' })
    expect(up.seen.at(-1)?.headers.authorization).toBe('Bearer alice-token-0123456789')

    const seenBefore = up.seen.length
    const write = await run(['api', 'POST', 'v1/statuses', '--data', '{"status":"no"}'], bot)
    expect(write.code).toBe(11)
    expect(write.stderr).toMatch(/read-only: it may only send GET and HEAD.*not POST/)
    const token = await run(['token'], bot)
    expect(token.code).toBe(11)
    expect(token.stderr).toContain('may not fetch tokens')
    expect(token.stdout).toBe('')
    const manage = await run(['keys', 'list'], bot)
    expect(manage.code).toBe(11)
    expect(manage.stderr).toContain('cannot manage keys')
    const other = await run(['api', '--account', 'bob@social.example', 'GET', 'v1/x'], bot)
    expect(other.code).toBe(11)
    expect(other.stderr).toContain('may not use bob@social.example')
    expect(up.seen.length).toBe(seenBefore)

    const used = JSON.parse((await run(['keys', 'list', '--json'], owner)).stdout) as {
      keys: { name: string; last_used_at: string | null }[]
    }
    expect(used.keys[0]!.last_used_at).not.toBeNull()
  })

  test('FEDIVAULT_URL with FEDIVAULT_KEY: no endpoint.json needed; curl with the bearer key', async () => {
    const { plaintext } = keys.create({ name: 'sandboxed', accounts: 'active', mode: 'token' })
    const url = `http://127.0.0.1:${h.port}`
    const result = await run(['token'], { FEDIVAULT_KEY: plaintext, FEDIVAULT_URL: url })
    expect(result).toEqual({ code: 0, stdout: 'alice-token-0123456789\n', stderr: '' })
    const bad = await run(['token'], {
      FEDIVAULT_KEY: plaintext,
      FEDIVAULT_URL: 'http://example.com'
    })
    expect(bad.code).toBe(2)

    const curl = await promisify(execFile)('curl', [
      '-s',
      '-H',
      `Authorization: Bearer ${plaintext}`,
      `${url}/v1/token`
    ])
    expect(JSON.parse(curl.stdout)).toMatchObject({ handle: alice })
  })

  test('token mode with an expiry, as JSON; revoke; bad input', async () => {
    const created = await run(
      ['keys', 'create', 'backup', '--account', alice, '--token', '--expires', '30d', '--json'],
      owner
    )
    expect(created.code).toBe(0)
    const answer = JSON.parse(created.stdout) as {
      key: { mode: string; expires_at: string }
      secret: string
    }
    expect(answer.key.mode).toBe('token')
    const days = (Date.parse(answer.key.expires_at) - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(29.9)
    expect(days).toBeLessThanOrEqual(30)
    const script = { ...owner, FEDIVAULT_KEY: answer.secret }
    expect((await run(['token'], script)).stdout).toBe('alice-token-0123456789\n')

    const revoked = await run(['keys', 'revoke', 'backup'], owner)
    expect(revoked.code).toBe(0)
    const after = await run(['token'], script)
    expect(after.code).toBe(6)
    expect(after.stderr).toContain('revoked')
    expect((await run(['keys', 'list'], owner)).stdout).toMatch(/^backup\s+revoked\s+token/m)

    expect((await run(['keys', 'revoke', 'nothing-here'], owner)).code).toBe(7)
    expect((await run(['keys', 'create', 'backup', '--account', alice], owner)).code).toBe(0)
    const taken = await run(['keys', 'create', 'backup', '--account', alice], owner)
    expect(taken.code).toBe(1)
    expect(taken.stderr).toContain('already exists')

    for (const args of [
      ['keys', 'create', 'x'],
      ['keys', 'create', 'x', '--account', alice, '--token', '--read-only'],
      ['keys', 'create', 'x', '--account', alice, '--expires', 'soon'],
      ['keys', 'rotate', 'x']
    ]) {
      expect((await run(args, owner)).code, args.join(' ')).toBe(2)
    }
    expect((await run(['accounts'], { ...owner, FEDIVAULT_KEY: 'not-a-key' })).code).toBe(2)
  })

  test('endpoint.json never holds a script key', () => {
    const file = readFileSync(join(h.dataDir, 'endpoint.json'), 'utf8')
    expect(file).not.toContain('fvk_')
    expect(JSON.parse(file).secret).toBe(h.secret)
  })
})
