import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { sampleSource, startEndpoint, type Harness } from '../endpoint/fixtures'
import { startUpstream, type Upstream } from '../endpoint/upstream'
import { buildCli, type BuiltCli } from '../../support/built-cli'

let cli: BuiltCli
const run = (args: string[], env: Record<string, string> = {}) => cli.run(args, env)
let up: Upstream
let h: Harness
let env: Record<string, string>

beforeAll(async () => {
  cli = await buildCli()
  up = await startUpstream((req, res, body) => {
    if (req.url?.startsWith('/api/v1/missing')) {
      res.writeHead(404, { 'content-type': 'application/json' })
      res.end('{"error":"Record not found"}')
      return
    }
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(
      JSON.stringify({ method: req.method, url: req.url, auth: req.headers.authorization, body })
    )
  })
}, 60_000)

afterAll(async () => {
  await up.close()
  cli?.remove()
})

describe('against a running endpoint', () => {
  beforeAll(async () => {
    h = await startEndpoint({ source: sampleSource(up.url) })
    env = { FEDIVAULT_DATA_DIR: h.dataDir }
  })
  afterAll(async () => {
    await h.cleanup()
  })
  afterEach(() => {
    h.source.accounts = sampleSource(up.url).accounts
  })

  test('accounts lists handles with the active one marked; --json gives the raw answer', async () => {
    const table = await run(['accounts'], env)
    expect(table).toMatchObject({ code: 0, stderr: '' })
    const lines = table.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(3)
    expect(lines[0]).toMatch(/^\* alice@social\.example\s+Mastodon\s+ok\s+ALICE$/)
    expect(lines[2]).toMatch(/^ {2}carol@other\.example\s+Mastodon\s+needs_reauth/)
    const json = await run(['accounts', '--json'], env)
    expect(JSON.parse(json.stdout).accounts).toHaveLength(3)
  })

  test('accounts names each server as it names itself; --json keeps the software key', async () => {
    const [alice, bob, carol] = h.source.accounts
    h.source.accounts = [
      { ...alice!, software: 'takahe' },
      { ...bob!, software: 'snac' },
      { ...carol!, software: 'mitra' }
    ]
    const lines = (await run(['accounts'], env)).stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^\* alice@social\.example\s+Takahē\s+ok\s+ALICE$/)
    expect(lines[1]).toMatch(/^ {2}bob@social\.example\s+snac\s+ok\s+BOB$/)
    expect(lines[2]).toMatch(/^ {2}carol@other\.example\s+mitra\s+needs_reauth/)
    const json = JSON.parse((await run(['accounts', '--json'], env)).stdout) as {
      accounts: Array<{ software: string }>
    }
    expect(json.accounts.map((a) => a.software)).toEqual(['takahe', 'snac', 'mitra'])
  })

  test('token prints the bare token of the active or named account', async () => {
    expect(await run(['token'], env)).toEqual({
      code: 0,
      stdout: 'alice-token-0123456789\n',
      stderr: ''
    })
    expect((await run(['token', '@bob@social.example'], env)).stdout).toBe('bob-token-9876543210\n')
    const json = JSON.parse((await run(['token', '--json'], env)).stdout)
    expect(json).toMatchObject({
      handle: 'alice@social.example',
      instance_url: up.url,
      expires_at: null
    })
  })

  test('token: exit 7 unknown account, 9 needs sign-in, 8 no active account', async () => {
    const unknown = await run(['token', 'nobody@x.example'], env)
    expect(unknown.code).toBe(7)
    expect(unknown.stderr).toBe(
      'fedivault: No account "nobody@x.example" in Fedivault. See "fedivault accounts".\n'
    )
    const reauth = await run(['token', 'carol@other.example'], env)
    expect(reauth.code).toBe(9)
    expect(reauth.stderr).toContain('carol@other.example needs to sign in again')
    h.source.accounts = h.source.accounts.map((a) => ({ ...a, active: false }))
    const none = await run(['token'], env)
    expect(none.code).toBe(8)
    expect(none.stderr).toMatch(/No account is active/)
  })

  test('exec runs the command with the instance URL and token in its environment, and its exit code', async () => {
    const script =
      'process.stdout.write(JSON.stringify([process.env.FEDIVERSE_INSTANCE_URL, process.env.FEDIVERSE_ACCESS_TOKEN, process.argv.slice(1)])); process.exit(42)'
    const result = await run(
      [
        'exec',
        '--account',
        'bob@social.example',
        '--',
        process.execPath,
        '-e',
        script,
        'x',
        '--help'
      ],
      env
    )
    expect(result.code).toBe(42)
    expect(JSON.parse(result.stdout)).toEqual([up.url, 'bob-token-9876543210', ['x', '--help']])
  })

  test('exec: 127 when the command does not exist', async () => {
    const result = await run(['exec', '--', 'fedivault-no-such-command-xyz'], env)
    expect(result.code).toBe(127)
    expect(result.stderr).toMatch(/command not found/)
  })

  test('api goes through the proxy: the instance sees the token, the CLI only the answer', async () => {
    const result = await run(
      ['api', 'POST', 'v1/statuses?x=1', '--data', '{"status":"hello"}'],
      env
    )
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual({
      method: 'POST',
      url: '/api/v1/statuses?x=1',
      auth: 'Bearer alice-token-0123456789',
      body: '{"status":"hello"}'
    })
    const named = await run(['api', '--account', 'bob@social.example', 'GET', '/api/v1/x'], env)
    expect(JSON.parse(named.stdout).auth).toBe('Bearer bob-token-9876543210')
    expect(h.service.auditLog().at(-1)).toMatchObject({
      route: 'GET /api/v1/x',
      account: 'bob@social.example'
    })
  })

  test('api: exit 10 with the body when the instance answers an error; 7 for an unknown account', async () => {
    const missing = await run(['api', 'GET', '/api/v1/missing'], env)
    expect(missing.code).toBe(10)
    expect(missing.stdout).toBe('{"error":"Record not found"}')
    expect(missing.stderr).toMatch(/answered 404/)
    const unknown = await run(['api', '--account', 'nobody@x', 'GET', '/api/v1/x'], env)
    expect(unknown.code).toBe(7)
  })

  test('api: exit 8 without an active account and without --account', async () => {
    h.source.accounts = h.source.accounts.map((a) => ({ ...a, active: false }))
    const result = await run(['api', 'GET', '/api/v1/x'], env)
    expect(result.code).toBe(8)
  })
})

describe('when the endpoint is not there', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fedivault-cli-'))
  })
  afterEach(() => {
    rmSync(join(dir, 'endpoint.json'), { force: true })
    rmSync(join(dir, 'SingletonLock'), { force: true })
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const writeRecord = (record: object) =>
    writeFileSync(join(dir, 'endpoint.json'), JSON.stringify(record))

  test('exit 3 with a clear message when Fedivault is not running', async () => {
    const result = await run(['token'], { FEDIVAULT_DATA_DIR: dir })
    expect(result.code).toBe(3)
    expect(result.stderr).toMatch(/^fedivault: Fedivault is not running \(no endpoint\.json in /)
    expect(result.stdout).toBe('')
  })

  test('finds the default data directory under XDG_CONFIG_HOME', async () => {
    const result = await run(['accounts'], { XDG_CONFIG_HOME: dir })
    expect(result.code).toBe(3)
    expect(result.stderr).toContain(join(dir, 'Fedivault'))
  })

  test.skipIf(process.platform === 'win32')(
    'exit 4 when the app runs (single-instance lock held) but script access is off',
    async () => {
      symlinkSync(`${hostname()}-${process.pid}`, join(dir, 'SingletonLock'))
      const result = await run(['accounts'], { FEDIVAULT_DATA_DIR: dir })
      expect(result.code).toBe(4)
      expect(result.stderr).toMatch(/script access is off/)
    }
  )

  test('exit 5 when endpoint.json was left by a process that has ended', async () => {
    const ended = spawn(process.execPath, ['-e', ''])
    await new Promise((r) => ended.on('exit', r))
    writeRecord({ url: 'http://127.0.0.1:9', secret: 's', pid: ended.pid, version: '0' })
    const result = await run(['token'], { FEDIVAULT_DATA_DIR: dir })
    expect(result.code).toBe(5)
    expect(result.stderr).toMatch(/left behind by a process that has ended/)
  })

  test('exit 5 when nothing listens at the URL in endpoint.json', async () => {
    const closed = await startEndpoint()
    const { port } = closed
    await closed.cleanup()
    writeRecord({ url: `http://127.0.0.1:${port}`, secret: 's', pid: process.pid, version: '0' })
    const result = await run(['token'], { FEDIVAULT_DATA_DIR: dir })
    expect(result.code).toBe(5)
    expect(result.stderr).toMatch(/Nothing answers at/)
  })

  test('exit 6 when the endpoint refuses the secret', async () => {
    const live = await startEndpoint()
    try {
      writeRecord({
        url: `http://127.0.0.1:${live.port}`,
        secret: 'wrong',
        pid: process.pid,
        version: '0'
      })
      const result = await run(['token'], { FEDIVAULT_DATA_DIR: dir })
      expect(result.code).toBe(6)
      expect(result.stdout).toBe('')
    } finally {
      await live.cleanup()
    }
  })

  test('refuses an endpoint.json that points anywhere but loopback', async () => {
    writeRecord({ url: 'http://example.com:80', secret: 's', pid: process.pid, version: '0' })
    const result = await run(['token'], { FEDIVAULT_DATA_DIR: dir })
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/damaged/)
  })

  test('usage errors exit 2; --help exits 0 and documents the exit codes', async () => {
    const bad = await run(['frobnicate'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/Unknown command/)
    const help = await run(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(
      /Exit codes:[\s\S]*4 {2}Fedivault is running, but script access is off/
    )
    expect((await run(['api', '--help'])).stdout).toMatch(/^Usage: fedivault api/)
  })
})
