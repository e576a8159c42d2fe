import { describe, expect, test } from 'vitest'
import { parseArgs } from '../../../src/cli/args'
import { proxyPath } from '../../../src/cli/commands'
import { dataDirectory } from '../../../src/cli/data-dir'
import { CliError } from '../../../src/cli/exit-codes'

function usageError(args: string[]): string {
  try {
    parseArgs(args)
  } catch (error) {
    if (error instanceof CliError && error.exitCode === 2) return error.message
    throw error
  }
  throw new Error(`parsed: ${args.join(' ')}`)
}

describe('parseArgs', () => {
  test('help and version', () => {
    expect(parseArgs([])).toEqual({ kind: 'help', topic: undefined })
    expect(parseArgs(['--help'])).toEqual({ kind: 'help', topic: undefined })
    expect(parseArgs(['help', 'exec'])).toEqual({ kind: 'help', topic: 'exec' })
    expect(parseArgs(['token', '--help'])).toEqual({ kind: 'help', topic: 'token' })
    expect(parseArgs(['--version'])).toEqual({ kind: 'version' })
  })

  test('accounts and token', () => {
    expect(parseArgs(['accounts'])).toEqual({ kind: 'accounts', json: false })
    expect(parseArgs(['accounts', '--json'])).toEqual({ kind: 'accounts', json: true })
    expect(parseArgs(['token'])).toEqual({ kind: 'token', handle: undefined, json: false })
    expect(parseArgs(['token', 'a@b.example', '--json'])).toEqual({
      kind: 'token',
      handle: 'a@b.example',
      json: true
    })
  })

  test('exec keeps everything after -- for the command, including its own --help', () => {
    expect(parseArgs(['exec', '--account', 'a@b', '--', 'toot', '--help', '--', 'x'])).toEqual({
      kind: 'exec',
      account: 'a@b',
      argv: ['toot', '--help', '--', 'x']
    })
    expect(parseArgs(['exec', '--account=a@b', '--', 'env'])).toMatchObject({
      account: 'a@b',
      argv: ['env']
    })
    expect(parseArgs(['exec', 'env', '-0'])).toMatchObject({
      account: undefined,
      argv: ['env', '-0']
    })
  })

  test('api', () => {
    expect(parseArgs(['api', 'get', '/api/v1/timelines/home'])).toEqual({
      kind: 'api',
      account: undefined,
      method: 'GET',
      path: '/api/v1/timelines/home',
      data: undefined
    })
    expect(
      parseArgs(['api', '--account', 'a@b', 'POST', 'v1/statuses', '--data', '{"status":"hi"}'])
    ).toEqual({
      kind: 'api',
      account: 'a@b',
      method: 'POST',
      path: 'v1/statuses',
      data: '{"status":"hi"}'
    })
  })

  test('usage errors', () => {
    expect(usageError(['frobnicate'])).toMatch(/Unknown command "frobnicate"/)
    expect(usageError(['accounts', 'extra'])).toMatch(/no arguments/)
    expect(usageError(['token', 'a', 'b'])).toMatch(/at most one/)
    expect(usageError(['token', '--jsn'])).toMatch(/Unknown option "--jsn"/)
    expect(usageError(['exec'])).toMatch(/needs a command/)
    expect(usageError(['exec', '--account'])).toMatch(/--account needs a value/)
    expect(usageError(['exec', 'x', '--', 'y'])).toMatch(/Unexpected "x"/)
    expect(usageError(['api', 'GET'])).toMatch(/method and a path/)
    expect(usageError(['api', 'G3T', '/api/x'])).toMatch(/not an HTTP method/)
    expect(usageError(['api', 'POST', '/api/x', '--data', '{nope'])).toMatch(/valid JSON/)
  })
})

describe('proxyPath', () => {
  test('puts the path under /api/ behind the account handle', () => {
    expect(proxyPath('a@b.example', '/api/v1/x?y=1')).toBe('/v1/proxy/a@b.example/api/v1/x?y=1')
    expect(proxyPath('@a@b.example', 'v1/x')).toBe('/v1/proxy/a@b.example/api/v1/x')
    expect(proxyPath('a b@c', '/v2/y')).toBe('/v1/proxy/a%20b@c/api/v2/y')
  })
})

describe('dataDirectory', () => {
  const home = '/home/u'
  test("follows Electron's userData for the app name Fedivault", () => {
    expect(dataDirectory({ env: {}, platform: 'linux', home })).toBe('/home/u/.config/Fedivault')
    expect(dataDirectory({ env: { XDG_CONFIG_HOME: '/x' }, platform: 'linux', home })).toBe(
      '/x/Fedivault'
    )
    expect(dataDirectory({ env: {}, platform: 'darwin', home: '/Users/u' })).toBe(
      '/Users/u/Library/Application Support/Fedivault'
    )
    expect(
      dataDirectory({
        env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' },
        platform: 'win32',
        home: 'C:\\Users\\u'
      })
    ).toBe('C:\\Users\\u\\AppData\\Roaming\\Fedivault')
  })
  test('FEDIVAULT_DATA_DIR wins everywhere', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(dataDirectory({ env: { FEDIVAULT_DATA_DIR: '/d' }, platform, home })).toBe('/d')
    }
  })
})
