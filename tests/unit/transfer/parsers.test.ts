import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parseMastodonPySecrets } from '../../../src/main/transfer/import/mastodon-py-secrets'
import { parseTootConfig } from '../../../src/main/transfer/import/toot-config'
import { tootConfigPath } from '../../../src/main/transfer/import/toot-location'
import { startSimulator, type Simulator } from '../../sim'
import { assertToolsInstalled, mastodonPyLogin, tootLogin } from '../../support/real-tools'

// The parsers are pure; the files they read here are the ones toot and Mastodon.py wrote.
let sim: Simulator
let work: string
let toot: string
let clientText: string
let userText: string

beforeAll(async () => {
  assertToolsInstalled()
  sim = await startSimulator({ personality: 'mastodon-4.3' })
  work = mkdtempSync(join(tmpdir(), 'fedivault-parsers-'))
  toot = readFileSync(
    await tootLogin(sim, { email: 'alice@example.test', password: 'correct horse' }, work),
    'utf8'
  )
  await mastodonPyLogin(
    sim,
    { email: 'bob@example.test', password: 'battery staple' },
    { clientFile: join(work, 'c.secret'), userFile: join(work, 'u.secret') }
  )
  clientText = readFileSync(join(work, 'c.secret'), 'utf8')
  userText = readFileSync(join(work, 'u.secret'), 'utf8')
}, 60_000)

afterAll(async () => {
  await sim.close()
  rmSync(work, { recursive: true, force: true })
})

describe("toot's config.json", () => {
  test('a real file: one candidate with the app toot registered', () => {
    const json = JSON.parse(toot) as {
      apps: Record<string, { client_id: string; client_secret: string }>
      users: Record<string, { access_token: string }>
    }
    const { candidates, problems } = parseTootConfig({ name: 'config.json', text: toot })
    expect(problems).toEqual([])
    expect(candidates).toEqual([
      {
        origin: `"alice@${sim.host}" in config.json`,
        files: ['config.json'],
        apiBaseUrl: sim.url,
        accessToken: json.users[`alice@${sim.host}`]!.access_token,
        app: {
          clientId: json.apps[sim.host]!.client_id,
          clientSecret: json.apps[sim.host]!.client_secret
        }
      }
    ])
  })

  test('malformed and partial files say what is wrong without quoting a secret', () => {
    const parse = (text: string) => parseTootConfig({ name: 'c.json', text })
    expect(parse('not json')).toEqual({
      candidates: [],
      problems: [],
      unreadable: [
        { file: 'c.json', reason: "not JSON at line 1 column 2: this is not toot's config.json" }
      ]
    })
    expect(parse('{"apps": {"x": ').unreadable).toEqual([
      { file: 'c.json', reason: "not JSON at line 1 column 16: this is not toot's config.json" }
    ])
    expect(parse('{"apps":{}}').unreadable).toEqual([
      { file: 'c.json', reason: 'no "users" object: this is not toot\'s config.json' }
    ])
    expect(parse('[]').unreadable[0]!.reason).toMatch(/^no "users" object/)
    expect(parse('{"apps":{},"users":{}}')).toMatchObject({
      problems: ['c.json lists no signed-in users.'],
      unreadable: []
    })
    const partial = parse(
      JSON.stringify({
        apps: {},
        users: {
          'a@x.example': { instance: 'x.example', username: 'a', access_token: 'SECRET-TOKEN' },
          'b@x.example': { username: 'b', access_token: 'OTHER' },
          'c@x.example': { instance: 'x.example', access_token: 'has space' }
        }
      })
    )
    // No app in the file: old toot assumed https, and the candidate has no app to revoke with.
    expect(partial.candidates).toMatchObject([{ apiBaseUrl: 'https://x.example', app: undefined }])
    expect(partial.problems).toEqual([
      'The user "b@x.example" in c.json has no instance.',
      'The user "c@x.example" in c.json has no access token.'
    ])
    expect(JSON.stringify(partial.problems)).not.toContain('SECRET')
  })

  test("toot's folder per OS, as toot's get_config_dir computes it", () => {
    expect(tootConfigPath({ env: {}, platform: 'linux', home: '/home/u' })).toBe(
      '/home/u/.config/toot/config.json'
    )
    expect(
      tootConfigPath({ env: { XDG_CONFIG_HOME: '~/cfg' }, platform: 'linux', home: '/h' })
    ).toBe('/h/cfg/toot/config.json')
    expect(tootConfigPath({ env: {}, platform: 'darwin', home: '/Users/u' })).toBe(
      '/Users/u/.config/toot/config.json'
    )
    expect(
      tootConfigPath({
        env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' },
        platform: 'win32',
        home: 'C:\\Users\\u'
      })
    ).toBe('C:\\Users\\u\\AppData\\Roaming\\toot\\config.json')
  })
})

describe("Mastodon.py's *.secret files", () => {
  test('real files: the user file (4 lines) carries its app; the client file is recognised', () => {
    const [token, url, clientId, clientSecret] = userText.split('\n')
    expect(url).toBe(sim.url)
    const { candidates, problems } = parseMastodonPySecrets([
      { name: 'c.secret', text: clientText },
      { name: 'u.secret', text: userText }
    ])
    expect(problems).toEqual([])
    expect(candidates).toEqual([
      {
        origin: 'u.secret',
        files: ['u.secret'],
        apiBaseUrl: sim.url,
        accessToken: token,
        app: { clientId, clientSecret }
      }
    ])
    expect(clientText.split('\n').slice(0, 2)).toEqual([clientId, clientSecret])
  })

  test('older and partial files: paired by server, or named as what they lack', () => {
    const [token, url] = userText.split('\n')
    const old = `${token}\r\n${url}\r\n`
    const paired = parseMastodonPySecrets([
      { name: 'old.secret', text: old },
      { name: 'c.secret', text: clientText }
    ])
    expect(paired.candidates[0]).toMatchObject({
      files: ['old.secret', 'c.secret'],
      app: { clientId: clientText.split('\n')[0] }
    })

    const { candidates, problems, unreadable } = parseMastodonPySecrets([
      { name: 'empty.secret', text: '\n\n' },
      { name: 'token-only.secret', text: `${token}\n` },
      { name: 'two.secret', text: 'id\nsecret\n' },
      { name: 'json.secret', text: '{"access_token": "x"}' },
      { name: 'three.secret', text: 'a\nb\nc\n' },
      {
        name: 'lonely-client.secret',
        text: clientText.replace(sim.url, 'https://elsewhere.example')
      }
    ])
    expect(candidates).toEqual([])
    const notIt = ': this is not a Mastodon.py credential file'
    expect(unreadable).toEqual([
      { file: 'empty.secret', reason: `empty${notIt}` },
      {
        file: 'token-only.secret',
        reason:
          "only an access token, without the server's address (an old Mastodon.py wrote it): sign in to that account in Fedivault instead"
      },
      {
        file: 'two.secret',
        reason: "a client id and secret without the server's address, and no signed-in user"
      },
      { file: 'json.secret', reason: `line 1 is not a token or client id${notIt}` },
      { file: 'three.secret', reason: `no server address on line 2 or 3${notIt}` }
    ])
    // Readable, only incomplete: said, but not a broken file.
    expect(problems).toEqual([
      'lonely-client.secret is an app registration for https://elsewhere.example without a signed-in user: add the user credential file (written by log_in) too.'
    ])
    expect(JSON.stringify([problems, unreadable])).not.toContain(token)
  })
})
