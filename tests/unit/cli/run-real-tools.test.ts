import { spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { assertToolsInstalled } from '../../support/real-tools'
import { buildCli, type BuiltCli, type CliRun } from '../../support/built-cli'
import { filesUnder, startRunStack, type RunStack } from './run-stack'

/**
 * The fediverse's own tools, unchanged, under `fedivault run` against the simulator: Debian's
 * toot and Mastodon.py, and the npm masto package. Each reaches the instance through the proxy
 * with the run key; the simulator sees alice's real token, the tool never does.
 */

const tools = resolve(import.meta.dirname, '../../support/run-tools')
const PYTHON = '/usr/bin/python3' // Debian's, where python3-mastodon lives (not a pyenv shim)

let cli: BuiltCli
let s: RunStack

beforeAll(async () => {
  assertToolsInstalled()
  cli = await buildCli()
  s = await startRunStack()
}, 60_000)

afterAll(async () => {
  await s?.cleanup()
  cli?.remove()
})

beforeEach(() => {
  s.sim.resetStats()
  s.sim.timelines.posted.length = 0
})

/** `fedivault run -- <argv>`, stdin fed with `input`, under a clean environment. */
function run(args: string[], argv: string[], input = ''): Promise<CliRun> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [cli.path, 'run', ...args, '--', ...argv], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...s.env },
      cwd: tools,
      stdio: ['pipe', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    child.on('error', reject)
    child.on('close', (code) => done({ code, stdout, stderr }))
    child.stdin.end(input)
  })
}

/** What reached the simulator: every request, and the Authorization each carried. */
function upstream() {
  return s.sim.stats.log.map((e) => ({ call: `${e.method} ${e.path}`, auth: e.authorization }))
}

/** Every proxied request carried alice's real token, and only it. */
function expectRealTokenUpstream() {
  const seen = upstream()
  expect(seen.length).toBeGreaterThan(0)
  for (const entry of seen) expect(entry.auth).toBe(`Bearer ${s.realToken}`)
}

function expectNoSecretIn(result: CliRun) {
  expect(result.stdout + result.stderr).not.toContain(s.realToken)
  expect(result.stdout + result.stderr).not.toContain(s.h.secret)
}

const calls = (call: string) => upstream().filter((e) => e.call === call).length

describe('toot under fedivault run', () => {
  test('whoami, post, and a timeline of five pages that follows Link through the proxy', async () => {
    const whoami = await run([], ['toot', 'whoami'])
    expect(whoami.stderr).toBe('')
    expect(whoami.code).toBe(0)
    expect(whoami.stdout).toContain('@alice')

    const post = await run([], ['toot', 'post', 'tooted through Fedivault'])
    expect(post.code).toBe(0)
    expect(s.sim.timelines.posted.map((p) => p.content)).toEqual([
      '<p>tooted through Fedivault</p>'
    ])

    // toot pages only on a terminal: answer_prompts.py gives it one and presses Enter at each
    // "Continue?", so toot asks for the next page (from the Link header) until there is none.
    const timeline = await run([], [PYTHON, 'answer_prompts.py', 'toot', 'timeline'])
    expect(timeline.code).toBe(0)
    expect(timeline.stdout).toContain('tooted through Fedivault')
    expect(timeline.stdout).toContain('Status number 1')
    expect(timeline.stdout).toContain("That's all folks.")
    // toot asks for 10 at a time: 46 statuses are five pages, each from the last one's Link.
    expect(calls('GET /api/v1/timelines/home')).toBe(5)

    expectRealTokenUpstream()
    // What toot was given: its environment and its config file hold the run key, not the token.
    const given = await run([], ['sh', '-c', 'env; cat "$XDG_CONFIG_HOME/toot/config.json"'])
    expect(given.stdout).toMatch(/MASTODON_ACCESS_TOKEN=fvk_/)
    expect(given.stdout).toMatch(/"access_token": "fvk_/)
    for (const r of [whoami, post, timeline, given]) expectNoSecretIn(r)
    expect(s.keys.liveRunKeys()).toBe(0)
    expect(filesUnder(s.runtimeDir)).toEqual({})
  })

  test('--read-only: toot post fails with the key-scope error and no write reaches the instance', async () => {
    const post = await run(['--read-only'], ['toot', 'post', 'must not arrive'])
    expect(post.code).not.toBe(0)
    expect(post.stdout + post.stderr).toMatch(/read only|GET and HEAD|key_scope|not allow/i)
    expect(upstream().filter((e) => e.call.startsWith('POST'))).toEqual([])
    expect(s.sim.timelines.posted).toEqual([])
  })
})

describe('Mastodon.py under fedivault run', () => {
  test('verify_credentials, status_post, fetch_next over three pages, and a short event stream', async () => {
    const result = await run([], [PYTHON, 'mastodon_bot.py'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout.trim())).toEqual({
      me: 'alice',
      posted: '<p>posted by a Mastodon.py bot</p>',
      pages: [20, 20, 6],
      streamed: [501, 502, 503]
    })
    expect(calls('GET /api/v1/timelines/home')).toBe(3)
    expect(calls('GET /api/v1/streaming/user')).toBe(1)
    expectRealTokenUpstream()
    expectNoSecretIn(result)
  })

  test('--read-only: the post is refused with key_scope, the reads work, nothing is written', async () => {
    const result = await run(['--read-only'], [PYTHON, 'mastodon_bot.py'])
    expect(result.code).toBe(0)
    const report = JSON.parse(result.stdout.trim()) as Record<string, unknown>
    expect(report.post_error).toMatch(/403/)
    expect(report.post_error).toMatch(/key_scope|read/i)
    expect(report.pages).toEqual([20, 20, 5])
    expect(upstream().filter((e) => !e.call.startsWith('GET'))).toEqual([])
  })
})

describe('masto.js under fedivault run', () => {
  test('verifyCredentials, statuses.create, and the paginator over every page', async () => {
    const result = await run([], [process.execPath, join(tools, 'masto-pager.mjs')])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout.trim())).toEqual({
      me: 'alice',
      posted: '<p>posted by a masto.js script</p>',
      pages: [20, 20, 6]
    })
    expect(calls('GET /api/v1/timelines/home')).toBe(3)
    expectRealTokenUpstream()
    expectNoSecretIn(result)
  })
})
