import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { authed, send } from '../endpoint/fixtures'
import { buildCli, type BuiltCli } from '../../support/built-cli'
import { filesUnder, startRunStack, type RunStack } from './run-stack'

/**
 * `fedivault run`, `fedivault status` and FEDIVAULT_ACCOUNT through the built CLI, against the
 * simulator: the child is a small Node program that reports what it was given and calls the API
 * the way a tool does, from MASTODON_API_BASE_URL and MASTODON_ACCESS_TOKEN.
 */

let cli: BuiltCli
let s: RunStack
let scripts: string

const probe = `
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
const base = process.env.MASTODON_API_BASE_URL
const call = async (method, path, body) => {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: 'Bearer ' + process.env.MASTODON_ACCESS_TOKEN, 'content-type': 'application/json' },
    body
  })
  return { status: res.status, body: await res.json() }
}
const files = {}
const walk = (at) => {
  for (const name of readdirSync(at)) {
    const path = join(at, name)
    if (statSync(path).isDirectory()) walk(path)
    else files[path] = readFileSync(path, 'utf8')
  }
}
const folder = process.env.XDG_CONFIG_HOME
walk(folder)
const me = await call('GET', '/api/v1/accounts/verify_credentials')
const post = process.argv[2] === 'post' ? await call('POST', '/api/v1/statuses', '{"status":"through the proxy"}') : null
console.log(JSON.stringify({ env: process.env, argv: process.argv, folder, mode: statSync(folder).mode & 0o777, files, me, post }))
process.exit(Number(process.argv[3] ?? 0))
`

const holder = `
import { writeFileSync } from 'node:fs'
writeFileSync(process.argv[2], JSON.stringify({ pid: process.pid, key: process.env.MASTODON_ACCESS_TOKEN, folder: process.env.XDG_CONFIG_HOME }))
setInterval(() => {}, 1000)
`

beforeAll(async () => {
  cli = await buildCli()
  s = await startRunStack()
  scripts = mkdtempSync(join(tmpdir(), 'fedivault-run-scripts-'))
  writeFileSync(join(scripts, 'probe.mjs'), probe)
  writeFileSync(join(scripts, 'holder.mjs'), holder)
}, 60_000)

afterAll(async () => {
  await s?.cleanup()
  cli?.remove()
  rmSync(scripts, { recursive: true, force: true })
})

interface Probe {
  env: Record<string, string>
  argv: string[]
  folder: string
  mode: number
  files: Record<string, string>
  me: { status: number; body: Record<string, unknown> }
  post: { status: number; body: Record<string, unknown> } | null
}

async function runProbe(args: string[], extraEnv: Record<string, string> = {}) {
  const result = await cli.run(
    ['run', ...args, '--', process.execPath, join(scripts, 'probe.mjs'), ...probeArgs],
    { ...s.env, ...extraEnv }
  )
  probeArgs = []
  const line = result.stdout.trim().split('\n').at(-1) ?? ''
  return { ...result, probe: (line.startsWith('{') ? JSON.parse(line) : null) as Probe | null }
}
let probeArgs: string[] = []

const verify = '/api/v1/accounts/verify_credentials'

describe('fedivault run', () => {
  test('the child gets the proxy and a run key in the names tools read, never the real token; the key and folder die with it', async () => {
    probeArgs = ['post', '3']
    const { code, stdout, stderr, probe } = await runProbe([], {
      FEDIVERSE_ACCESS_TOKEN: 'inherited-must-go',
      MASTODON_ACCESS_TOKEN: 'inherited-must-go',
      MASTODON_CLIENT_SECRET: 'inherited-must-go'
    })
    expect(stderr).toBe('')
    expect(code).toBe(3) // the command's own status
    const p = probe!
    const url = `http://127.0.0.1:${s.h.port}`
    expect(p.env).toMatchObject({
      FEDIVERSE_INSTANCE_URL: url,
      MASTODON_API_BASE_URL: url,
      FEDIVERSE_HANDLE: s.handle,
      FEDIVERSE_SOFTWARE: 'mastodon',
      FEDIVERSE_API: 'mastodon',
      FEDIVAULT_URL: url
    })
    const key = p.env.MASTODON_ACCESS_TOKEN!
    expect(key).toMatch(/^fvk_/)
    expect(p.env.FEDIVERSE_ACCESS_TOKEN).toBe(key)
    expect(p.env.FEDIVAULT_KEY).toBe(key)
    // Its own private folder under the runtime directory, with toot's config.json in it.
    expect(p.folder.startsWith(join(s.runtimeDir, 'fedivault-run-'))).toBe(true)
    expect(p.mode).toBe(0o700)
    expect(JSON.parse(p.files[join(p.folder, 'toot', 'config.json')]!)).toMatchObject({
      apps: { [s.sim.host]: { base_url: url } },
      users: { [s.handle]: { access_token: key, username: 'alice' } },
      active_user: s.handle
    })
    // The real token: not in the environment, the arguments, any file, or the output.
    const everything = JSON.stringify([p.env, p.argv, p.files]) + stdout + stderr
    expect(everything).not.toContain(s.realToken)
    expect(everything).not.toContain(s.h.secret)
    expect(everything).not.toContain('inherited-must-go')
    // It reached the instance as alice, and posted (read-write by default).
    expect(p.me).toMatchObject({ status: 200, body: { username: 'alice' } })
    expect(p.post).toMatchObject({ status: 200, body: { content: '<p>through the proxy</p>' } })
    // Gone with the command: the key is revoked, the folder removed.
    const after = await send(s.h.port, { path: verify, headers: authed(key) })
    expect(after.status).toBe(401)
    expect(after.json()).toMatchObject({ error: 'key_revoked' })
    expect(existsSync(p.folder)).toBe(false)
    // The audit log names the run key after the command.
    expect(s.h.service.auditLog()).toContainEqual(
      expect.objectContaining({
        route: 'POST /api/v1/statuses',
        key: expect.stringMatching(/^run: /),
        status: 200
      })
    )
  })

  test('--read-only: the post is refused with key_scope and no write reaches the instance', async () => {
    s.sim.resetStats()
    probeArgs = ['post']
    const { code, probe } = await runProbe(['--read-only'])
    expect(code).toBe(0)
    expect(probe!.me.status).toBe(200)
    expect(probe!.post).toMatchObject({ status: 403, body: { error: 'key_scope' } })
    expect(s.sim.stats.log.map((e) => `${e.method} ${e.path}`)).toEqual([`GET ${verify}`])
  })

  test('--account and FEDIVAULT_ACCOUNT choose the account; Fedivault refusals use the documented codes', async () => {
    const pinned = await runProbe([], { FEDIVAULT_ACCOUNT: `bob@${s.sim.host}` })
    expect(pinned.probe!.env.FEDIVERSE_HANDLE).toBe(`bob@${s.sim.host}`)
    const named = await runProbe(['--account', `@bob@${s.sim.host}`])
    expect(named.probe!.env.FEDIVERSE_HANDLE).toBe(`bob@${s.sim.host}`)

    const unknown = await cli.run(['run', '--account', 'nobody@x.example', '--', 'true'], s.env)
    expect(unknown.code).toBe(7)
    expect(unknown.stderr).toMatch(/nobody@x\.example|No account/)
    const reauth = await cli.run(['run', '--', 'true'], {
      ...s.env,
      FEDIVAULT_ACCOUNT: 'carol@other.example'
    })
    expect(reauth.code).toBe(9)
    const missing = await cli.run(['run', '--', 'no-such-command-fedivault'], s.env)
    expect(missing.code).toBe(127)
    expect(missing.stderr).toBe(
      'fedivault: cannot run no-such-command-fedivault: command not found\n'
    )
    expect(s.keys.liveRunKeys()).toBe(0)
    expect(filesUnder(s.runtimeDir)).toEqual({})
  })

  test('FEDIVAULT_ACCOUNT is the default account of token, exec and api too', async () => {
    const env = { ...s.env, FEDIVAULT_ACCOUNT: `bob@${s.sim.host}` }
    expect((await cli.run(['token'], env)).stdout).toBe('bob-token-not-at-the-simulator\n')
    const exec = await cli.run(['exec', '--', 'sh', '-c', 'echo "$FEDIVERSE_ACCESS_TOKEN"'], env)
    expect(exec.stdout).toBe('bob-token-not-at-the-simulator\n')
    s.sim.resetStats()
    await cli.run(['api', 'GET', verify], env)
    expect(s.sim.stats.log).toHaveLength(1)
    // An explicit account still wins.
    expect((await cli.run(['token', s.handle], env)).stdout).toBe(`${s.realToken}\n`)
  })

  test('under FEDIVAULT_KEY the key is used as it is: nothing minted, no widening', async () => {
    const key = s.keys.create({ name: 'reader', accounts: [s.handle], mode: 'proxy-read-only' })
    const before = s.keys.list().length
    const env = { FEDIVAULT_KEY: key.plaintext, FEDIVAULT_URL: `http://127.0.0.1:${s.h.port}` }
    probeArgs = ['post']
    const { code, probe } = await runProbe([], env)
    expect(code).toBe(0)
    expect(probe!.env.MASTODON_ACCESS_TOKEN).toBe(key.plaintext)
    expect(probe!.me.status).toBe(200)
    expect(probe!.post).toMatchObject({ status: 403, body: { error: 'key_scope' } })
    expect(s.keys.list()).toHaveLength(before)
    const widen = await cli.run(['run', '--read-write', '--', 'true'], { ...s.env, ...env })
    expect(widen.code).toBe(2)
    expect(widen.stderr).toMatch(/Under FEDIVAULT_KEY/)
    const other = await cli.run(['run', '--account', `bob@${s.sim.host}`, '--', 'true'], {
      ...s.env,
      ...env
    })
    expect(other.code).toBe(11)
    s.keys.revoke({ id: key.key.id })
  })

  test('kill -9 of fedivault run: the app revokes the key within 10 s and removes the folder', async () => {
    const report = join(scripts, 'holder.json')
    const run = spawn(
      process.execPath,
      [cli.path, 'run', '--', process.execPath, join(scripts, 'holder.mjs'), report],
      {
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...s.env },
        stdio: 'ignore'
      }
    )
    await expect.poll(() => existsSync(report), { timeout: 20_000 }).toBe(true)
    const held = JSON.parse(readFileSync(report, 'utf8')) as {
      pid: number
      key: string
      folder: string
    }
    try {
      expect((await send(s.h.port, { path: verify, headers: authed(held.key) })).status).toBe(200)
      expect(existsSync(held.folder)).toBe(true)
      const exited = new Promise((resolve) => run.on('exit', resolve))
      run.kill('SIGKILL')
      await exited
      const killedAt = Date.now()
      await expect
        .poll(
          async () => (await send(s.h.port, { path: verify, headers: authed(held.key) })).status,
          {
            timeout: 10_000
          }
        )
        .toBe(401)
      expect(Date.now() - killedAt).toBeLessThan(10_000)
      expect(existsSync(held.folder)).toBe(false)
    } finally {
      process.kill(held.pid, 'SIGKILL')
    }
  })
})

describe('fedivault status', () => {
  test('whether it runs, the active account, every account with its state and last verification; exit 1 when one needs sign-in', async () => {
    const text = await cli.run(['status'], s.env)
    expect(text.code).toBe(1)
    const lines = text.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(
      new RegExp(
        `^Fedivault .* is running · script access on at http://127\\.0\\.0\\.1:${s.h.port}$`
      )
    )
    expect(lines[1]).toBe(`Active account: ${s.handle}`)
    expect(lines[2]).toBe('')
    expect(lines[3]).toBe(`${s.handle} (active)`)
    expect(lines[4]).toMatch(/^ {2}✓ mastodon · signed in · last verified today \d\d:\d\d$/)
    expect(lines[5]).toBe(`bob@${s.sim.host}`)
    expect(lines[6]).toBe('  ✓ mastodon · signed in · not verified yet')
    expect(lines[8]).toBe('  X mastodon · needs to sign in again in Fedivault · not verified yet')
    expect(lines.at(-1)).toBe('1 account needs to sign in again in Fedivault: carol@other.example')
    const json = await cli.run(['status', '--json'], s.env)
    expect(json.code).toBe(0)
    const answer = JSON.parse(json.stdout) as {
      running: boolean
      script_access: boolean
      active: string
      needs_sign_in: string[]
      accounts: Array<Record<string, unknown>>
    }
    expect(answer).toMatchObject({
      running: true,
      script_access: true,
      active: s.handle,
      needs_sign_in: ['carol@other.example']
    })
    expect(answer.accounts.map((r) => [r.handle, r.status])).toEqual([
      [s.handle, 'ok'],
      [`bob@${s.sim.host}`, 'ok'],
      ['carol@other.example', 'needs_reauth']
    ])
    expect(answer.accounts[0]!.last_verified_at).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(json.stdout + text.stdout).not.toContain(s.realToken)
    expect(json.stdout + text.stdout).not.toContain(s.h.secret)
  })

  test('not running (exit 3) and script access off (exit 4) are its answer, on stdout; --json exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fedivault-status-'))
    try {
      const off = await cli.run(['status'], { FEDIVAULT_DATA_DIR: dir })
      expect(off.code).toBe(3)
      expect(off.stdout).toMatch(/^Fedivault is not running/)
      expect(off.stderr).toBe('')
      const offJson = await cli.run(['status', '--json'], { FEDIVAULT_DATA_DIR: dir })
      expect(offJson.code).toBe(0)
      expect(JSON.parse(offJson.stdout)).toMatchObject({
        running: false,
        script_access: false,
        state: 'not_running'
      })
      // The app's single-instance lock names a live process: Fedivault runs, script access off.
      symlinkSync(`testhost-${process.pid}`, join(dir, 'SingletonLock'))
      const noScripts = await cli.run(['status'], { FEDIVAULT_DATA_DIR: dir })
      expect(noScripts.code).toBe(4)
      expect(noScripts.stdout).toMatch(/running, but script access is off/)
      const noScriptsJson = await cli.run(['status', '--json'], { FEDIVAULT_DATA_DIR: dir })
      expect(JSON.parse(noScriptsJson.stdout)).toMatchObject({
        running: true,
        script_access: false,
        state: 'script_access_off'
      })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
