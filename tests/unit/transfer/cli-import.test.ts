import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startSimulator, type Simulator } from '../../sim'
import { vaultStorePath } from '../../../src/main/vault'
import { buildCli, type BuiltCli } from '../../support/built-cli'
import { assertToolsInstalled, mastodonPyLogin, tootLogin } from '../../support/real-tools'
import { leakedSecrets, startTransferApp, type TransferApp } from './support/transfer-app'

// `fedivault import` end to end: the built CLI, the running app's endpoint, the real tools' files.
const work = mkdtempSync(join(tmpdir(), 'fedivault-cli-import-'))

let sim: Simulator
let t: TransferApp

let cli: BuiltCli
const run = (args: string[], env: Record<string, string>, cwd?: string) =>
  cli.run(args, { HOME: work, FEDIVAULT_DATA_DIR: t.dataDir, ...env }, { cwd })
const vaultBytes = () => readFileSync(vaultStorePath(t.dataDir))

beforeAll(async () => {
  assertToolsInstalled()
  cli = await buildCli(work)
  sim = await startSimulator({ personality: 'mastodon-4.3' })
  t = await startTransferApp()
  await t.ok('scriptAccess:set', { enabled: true })
}, 60_000)

afterAll(async () => {
  await t.close()
  await sim.close()
  rmSync(work, { recursive: true, force: true })
})

describe('fedivault import', () => {
  test("toot without PATH reads toot's own config.json ($XDG_CONFIG_HOME/toot) and reports per account", async () => {
    const configHome = join(work, 'xdg')
    const config = await tootLogin(
      sim,
      { email: 'alice@example.test', password: 'correct horse' },
      configHome
    )

    const first = await run(['import', 'toot'], { XDG_CONFIG_HOME: configHome })
    expect(first).toMatchObject({ code: 0, stderr: '' })
    expect(first.stdout).toContain(`added         alice@${sim.host}\n`)
    expect(first.stdout).toContain('1 found: 1 added, 0 already in Fedivault, 0 failed.')
    expect(first.stdout).toContain(`Every account in ${config} is now in Fedivault.`)

    const again = await run(['import', 'toot', config, '--json'], {})
    expect(again.code).toBe(0)
    expect(JSON.parse(again.stdout)).toMatchObject({
      counts: { found: 1, added: 0, alreadyPresent: 1 },
      items: [{ handle: `alice@${sim.host}`, outcome: 'already_present' }]
    })
    const token = (
      JSON.parse(readFileSync(config, 'utf8')) as {
        users: Record<string, { access_token: string }>
      }
    ).users[`alice@${sim.host}`]!.access_token
    expect(leakedSecrets([first.stdout, again.stdout, ...t.transcript], [token])).toEqual([])
    expect(t.app.scriptAccess.auditLog().map((e) => `${e.route} ${e.status}`)).toContain(
      'POST /v1/import 200'
    )
  })

  test('mastodon.py needs PATH; a failed account exits 12 with the reason', async () => {
    expect(await run(['import', 'mastodon.py'], {})).toMatchObject({ code: 2 })
    const userFile = join(work, 'bob_usercred.secret')
    await mastodonPyLogin(
      sim,
      { email: 'bob@example.test', password: 'battery staple' },
      {
        clientFile: join(work, 'bob_clientcred.secret'),
        userFile
      }
    )
    sim.revokeAllTokens('bob')
    const result = await run(['import', 'mastodon.py', userFile], {})
    expect(result.code).toBe(12)
    expect(result.stdout).toContain(
      `failed        ${userFile} (${sim.url}): The server no longer accepts this sign-in`
    )

    const missing = await run(['import', 'mastodon.py', join(work, 'nope.secret')], {})
    expect(missing).toMatchObject({ code: 13 })
    expect(missing.stderr).toBe(`fedivault: ${join(work, 'nope.secret')} does not exist.\n`)
  })

  test('a file that is not the format is a failure (13), named as typed, saying what is wrong; the vault is untouched', async () => {
    const dir = mkdtempSync(join(work, 'broken-'))
    writeFileSync(join(dir, 'some-config.json'), '{"apps": {"x": ')
    writeFileSync(join(dir, 'apps-only.json'), '{"apps": {}}')
    writeFileSync(join(dir, 'token.secret'), '{"access_token": "x"}\n')
    const before = vaultBytes()
    const cases = [
      [
        ['import', 'toot', 'some-config.json'],
        "failed        some-config.json: not JSON at line 1 column 16: this is not toot's config.json.\n"
      ],
      [
        ['import', 'toot', 'apps-only.json'],
        'failed        apps-only.json: no "users" object: this is not toot\'s config.json.\n'
      ],
      [
        ['import', 'mastodon.py', './token.secret'],
        'failed        ./token.secret: line 1 is not a token or client id: this is not a Mastodon.py credential file.\n'
      ]
    ] as const
    for (const [args, line] of cases) {
      const result = await run([...args], {}, dir)
      expect(result, args.join(' ')).toMatchObject({ code: 13, stderr: '' })
      expect(result.stdout).toContain(line)
      expect(result.stdout).toContain(
        '0 found: 0 added, 0 already in Fedivault, 0 failed; 1 file could not be read.'
      )
      expect(vaultBytes().equals(before), args.join(' ')).toBe(true)
    }

    const json = await run(['import', 'toot', 'some-config.json', '--json'], {}, dir)
    expect(json.code).toBe(13)
    expect(JSON.parse(json.stdout)).toMatchObject({
      files: [
        {
          name: 'some-config.json',
          deletable: false,
          unreadable: "not JSON at line 1 column 16: this is not toot's config.json"
        }
      ],
      counts: { found: 0 }
    })

    // A path that does not exist: named as typed, absolute or relative.
    for (const typed of ['/nonexistent/toot/config.json', 'toot/config.json']) {
      const missing = await run(['import', 'toot', typed], {}, dir)
      expect(missing).toMatchObject({
        code: 13,
        stdout: '',
        stderr: `fedivault: ${typed} does not exist.\n`
      })
    }
    expect(vaultBytes().equals(before)).toBe(true)
  })

  test('a wrong endpoint secret is refused (exit 6) and nothing is imported', async () => {
    const before = (await t.ok('accounts:list')).accounts.length
    const bad = mkdtempSync(join(work, 'data-'))
    const endpoint = JSON.parse(readFileSync(join(t.dataDir, 'endpoint.json'), 'utf8')) as Record<
      string,
      unknown
    >
    writeFileSync(
      join(bad, 'endpoint.json'),
      JSON.stringify({ ...endpoint, secret: 'x'.repeat(43) })
    )
    const result = await run(['import', 'toot', join(work, 'xdg/toot/config.json')], {
      FEDIVAULT_DATA_DIR: bad
    })
    expect(result.code).toBe(6)
    expect((await t.ok('accounts:list')).accounts).toHaveLength(before)
  })
})
