import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { startSimulator, type Simulator } from '../../sim'
import { assertToolsInstalled, mastodonPyLogin, tootLogin } from '../../support/real-tools'
import { leakedSecrets, startTransferApp, type TransferApp } from './support/transfer-app'

const alice = { email: 'alice@example.test', password: 'correct horse' }
const bob = { email: 'bob@example.test', password: 'battery staple' }
const carol = {
  username: 'carol',
  email: 'carol@example.test',
  password: 'hunter2 hunter2',
  displayName: 'Carol',
  note: ''
}

let sim: Simulator
let t: TransferApp
let work: string

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')
/** Every token and client secret in the files, for the leak scan. */
function secretsIn(...files: string[]): string[] {
  const text = files.map((f) => readFileSync(f, 'utf8')).join('\n')
  const json = text.trim().startsWith('{') ? text : ''
  const values = json
    ? [...json.matchAll(/"(?:access_token|client_secret|client_id)": "([^"]+)"/g)].map((m) => m[1]!)
    : text.split('\n').filter((l) => l && !l.startsWith('http') && l !== 'fedivault-test')
  return values
}

beforeAll(() => assertToolsInstalled())

beforeEach(async () => {
  sim = await startSimulator({ personality: 'mastodon-4.3' })
  sim.addUser(carol)
  t = await startTransferApp()
  work = mkdtempSync(join(tmpdir(), 'fedivault-import-files-'))
})

afterEach(async () => {
  await t.close()
  await sim.close()
  rmSync(work, { recursive: true, force: true })
})

describe('import from toot', () => {
  test('every account is verified and added; the file, the active account and the tokens on the server are left alone', async () => {
    await tootLogin(sim, alice, work)
    const config = await tootLogin(sim, bob, work)
    const before = sha(config)
    // Carol signed in with Fedivault itself, and is the active account.
    await t.ok('signin:password', {
      input: sim.url,
      username: carol.email,
      password: carol.password
    })
    const tokens = Object.values(
      (
        JSON.parse(readFileSync(config, 'utf8')) as {
          users: Record<string, { access_token: string }>
        }
      ).users
    ).map((u) => u.access_token)

    const report = await t.ok('transfer:import', { source: 'toot', paths: [config] })

    expect(report.counts).toEqual({ found: 2, added: 2, alreadyPresent: 0, failed: 0 })
    expect(report.items.map((i) => [i.handle, i.outcome]).sort()).toEqual([
      [`alice@${sim.host}`, 'added'],
      [`bob@${sim.host}`, 'added']
    ])
    expect(report.items[0]!.origin).toContain('config.json')
    expect(report.files).toEqual([{ name: config, path: config, deletable: true }])
    expect(sha(config)).toBe(before)
    const state = await t.ok('accounts:list')
    expect(state.activeAccountId).toBe(`carol@${sim.host}`)
    expect(state.accounts.map((a) => [a.id, a.status])).toContainEqual([`alice@${sim.host}`, 'ok'])
    // Nothing revoked, and the stored token is the one toot had (scripts get it through the vault).
    for (const token of tokens) expect(sim.isTokenValid(token)).toBe(true)
    expect((await t.app.vault.getAccessToken(`alice@${sim.host}`)).accessToken).toBe(tokens[0])
    expect(leakedSecrets(t.transcript, secretsIn(config))).toEqual([])
  })

  test('a second import finds them already there; a token the server revoked fails with the reason', async () => {
    await tootLogin(sim, alice, work)
    const config = await tootLogin(sim, bob, work)
    await t.ok('transfer:import', { source: 'toot', paths: [config] })
    sim.revokeAllTokens('alice')
    // A fresh vault, so alice is not "already there".
    const other = await startTransferApp()
    try {
      const fresh = await other.ok('transfer:import', { source: 'toot', paths: [config] })
      const byHandle = Object.fromEntries(fresh.items.map((i) => [i.origin, i]))
      const aliceItem = byHandle[`"alice@${sim.host}" in ${config}`]!
      expect(aliceItem).toMatchObject({ outcome: 'failed', apiBaseUrl: sim.url })
      expect(aliceItem.reason).toMatch(/no longer accepts this sign-in \(HTTP 401/)
      expect(fresh.counts).toEqual({ found: 2, added: 1, alreadyPresent: 0, failed: 1 })
      // A file with an account that did not come across is not offered for deletion.
      expect(fresh.files[0]!.deletable).toBe(false)
      expect(leakedSecrets(other.transcript, secretsIn(config))).toEqual([])
    } finally {
      await other.close()
    }

    const again = await t.ok('transfer:import', { source: 'toot', paths: [config] })
    expect(again.items.map((i) => i.outcome)).toEqual(['failed', 'already_present'])
    expect(again.items[1]!.reason).toMatch(/left as it is/)
  })

  test('the same user twice in one file is one account; a partial entry is named, the rest imported', async () => {
    const config = await tootLogin(sim, alice, work)
    const json = JSON.parse(readFileSync(config, 'utf8')) as {
      users: Record<string, Record<string, string>>
    }
    const key = `alice@${sim.host}`
    json.users[`${key}-copy`] = { ...json.users[key]! }
    json.users[`nobody@${sim.host}`] = { instance: sim.host, username: 'nobody' }
    const edited = join(work, 'edited.json')
    writeFileSync(edited, JSON.stringify(json))

    const report = await t.ok('transfer:import', { source: 'toot', paths: [edited] })

    expect(report.items.map((i) => i.outcome)).toEqual(['added', 'duplicate'])
    expect(report.items[1]!.reason).toContain(`"${key}" in ${edited}`)
    expect(report.problems).toEqual([
      `The user "nobody@${sim.host}" in ${edited} has no access token.`
    ])
  })

  test('malformed and missing files get a specific answer, and nothing is stored', async () => {
    const broken = join(work, 'config.json')
    writeFileSync(broken, '{"apps": {}, "users": {"a@b": ')
    const report = await t.ok('transfer:import', { source: 'toot', paths: [work] })
    expect(report.files).toEqual([
      {
        name: broken,
        path: broken,
        deletable: false,
        unreadable: "not JSON at line 1 column 31: this is not toot's config.json"
      }
    ])
    expect(report.problems).toEqual([])
    expect(report.counts.found).toBe(0)

    const missing = await t.call('transfer:import', {
      source: 'toot',
      paths: [join(work, 'nope.json')]
    })
    expect(missing).toMatchObject({ ok: false, error: { code: 'import_file_unreadable' } })
    expect(!missing.ok && missing.error.message).toMatch(/nope\.json does not exist/)
    expect((await t.ok('accounts:list')).accounts).toEqual([])
  })
})

describe('import from Mastodon.py', () => {
  test('a folder of *.secret files: user and client credentials, a copy of one is a duplicate', async () => {
    const clientFile = join(work, 'app_clientcred.secret')
    const userFile = join(work, 'bob_usercred.secret')
    await mastodonPyLogin(sim, bob, { clientFile, userFile })
    copyFileSync(userFile, join(work, 'bob_copy.secret'))

    const report = await t.ok('transfer:import', { source: 'mastodon.py', paths: [work] })

    // Files are read in name order: the copy comes first, so the original is the duplicate.
    expect(report.items.map((i) => [i.handle ?? null, i.outcome])).toEqual([
      [`bob@${sim.host}`, 'added'],
      [null, 'duplicate']
    ])
    expect(report.items[1]!.reason).toBe(`The same sign-in as ${join(work, 'bob_copy.secret')}.`)
    expect(report.problems).toEqual([])
    // The user files carry the app themselves (Mastodon.py ≥ 1.8), so the client file was not
    // needed, and is not offered for deletion.
    expect(report.files.map((f) => [f.name, f.deletable])).toEqual([
      [clientFile, false],
      [join(work, 'bob_copy.secret'), true],
      [userFile, true]
    ])
    expect(leakedSecrets(t.transcript, secretsIn(clientFile, userFile))).toEqual([])
  })

  test('an older user file without the app takes it from the client file; without one it fails and says why', async () => {
    const clientFile = join(work, 'client.secret')
    const userFile = join(work, 'user.secret')
    await mastodonPyLogin(sim, alice, { clientFile, userFile })
    // Mastodon.py before 1.8 wrote only the token and the URL.
    const [token, url] = readFileSync(userFile, 'utf8').split('\n')
    writeFileSync(userFile, `${token}\n${url}\n`)

    const lonely = await t.ok('transfer:import', { source: 'mastodon.py', paths: [userFile] })
    expect(lonely.items[0]).toMatchObject({ outcome: 'failed' })
    expect(lonely.items[0]!.reason).toMatch(/no app registration/)

    const paired = await t.ok('transfer:import', {
      source: 'mastodon.py',
      paths: [userFile, clientFile]
    })
    expect(paired.items).toMatchObject([{ handle: `alice@${sim.host}`, outcome: 'added' }])
    expect(paired.files.every((f) => f.deletable)).toBe(true)
  })

  test('deleting afterwards: only the exact files imported, and only while unchanged', async () => {
    const clientFile = join(work, 'client.secret')
    const userFile = join(work, 'user.secret')
    await mastodonPyLogin(sim, bob, { clientFile, userFile })
    await t.ok('transfer:import', { source: 'mastodon.py', paths: [userFile] })

    const other = join(work, 'unrelated.txt')
    writeFileSync(other, 'keep me')
    expect(await t.call('transfer:deleteImported', { path: other })).toMatchObject({
      ok: false,
      error: { code: 'not_an_imported_file' }
    })
    expect(await t.call('transfer:deleteImported', { path: clientFile })).toMatchObject({
      ok: false,
      error: { code: 'not_an_imported_file' }
    })
    writeFileSync(userFile, readFileSync(userFile, 'utf8') + '\n')
    expect(await t.call('transfer:deleteImported', { path: userFile })).toMatchObject({
      ok: false,
      error: { code: 'imported_file_changed' }
    })
    expect(existsSync(userFile)).toBe(true)

    await t.ok('transfer:import', { source: 'mastodon.py', paths: [userFile] })
    expect(await t.ok('transfer:deleteImported', { path: userFile })).toEqual({ deleted: true })
    expect(existsSync(userFile)).toBe(false)
    expect(existsSync(clientFile) && existsSync(other)).toBe(true)
  })
})
