import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startSimulator, type Simulator } from '../../sim'
import { buildCli, type BuiltCli } from '../../support/built-cli'
import { assertToolsInstalled, mastodonPyLogin, tootLogin } from '../../support/real-tools'
import { leakedSecrets, startTransferApp, type TransferApp } from './support/transfer-app'

// `fedivault import` end to end: the built CLI, the running app's endpoint, the real tools' files.
const work = mkdtempSync(join(tmpdir(), 'fedivault-cli-import-'))

let sim: Simulator
let t: TransferApp

let cli: BuiltCli
const run = (args: string[], env: Record<string, string>) =>
  cli.run(args, { HOME: work, FEDIVAULT_DATA_DIR: t.dataDir, ...env })

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
    expect(missing).toMatchObject({ code: 1 })
    expect(missing.stderr).toMatch(/nope\.secret does not exist/)
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
