import { describe, expect, test } from 'vitest'
import { parseArgs } from '../../../src/cli/args'
import { CliError } from '../../../src/cli/exit-codes'
import { helpText } from '../../../src/cli/help'

function usageError(args: string[]): string {
  try {
    parseArgs(args)
  } catch (error) {
    if (error instanceof CliError && error.exitCode === 2) return error.message
    throw error
  }
  throw new Error(`parsed: ${args.join(' ')}`)
}

describe('fedivault run and status arguments', () => {
  test('run: read-write by default; the command keeps its own options, --help included', () => {
    expect(parseArgs(['run', '--', 'toot', 'timeline', '--help'])).toEqual({
      kind: 'run',
      mode: 'proxy-read-write',
      modeGiven: false,
      argv: ['toot', 'timeline', '--help']
    })
    expect(parseArgs(['run', 'toot', 'whoami'])).toMatchObject({ argv: ['toot', 'whoami'] })
    expect(
      parseArgs(['run', '--account', '@a@b.example', '--read-only', '--max-time=90m', '--', 'x'])
    ).toEqual({
      kind: 'run',
      account: '@a@b.example',
      mode: 'proxy-read-only',
      modeGiven: true,
      maxSeconds: 5400,
      argv: ['x']
    })
    expect(parseArgs(['run', '--help', '--', 'x'])).toEqual({ kind: 'help', topic: 'run' })
  })

  test('run: clear usage errors', () => {
    expect(usageError(['run'])).toMatch(/run needs a command/)
    expect(usageError(['run', '--'])).toMatch(/run needs a command/)
    expect(usageError(['run', '--read-only', 'toot'])).toMatch(/run needs -- before the command/)
    expect(usageError(['run', '--read-only', '--read-write', '--', 'x'])).toMatch(/Choose one/)
    expect(usageError(['run', '--account', '--', 'x'])).toMatch(/--account needs a value/)
    expect(usageError(['run', '--max-time', '8d', '--', 'x'])).toMatch(/up to 7d/)
    expect(usageError(['run', '--max-time', '0h', '--', 'x'])).toMatch(/up to 7d/)
    expect(usageError(['run', '--token', '--', 'x'])).toMatch(/Unknown option "--token"/)
  })

  test('status, and both in the help', () => {
    expect(parseArgs(['status'])).toEqual({ kind: 'status', json: false })
    expect(parseArgs(['status', '--json'])).toEqual({ kind: 'status', json: true })
    expect(usageError(['status', 'x'])).toMatch(/status takes no arguments/)
    expect(helpText()).toMatch(/fedivault run \[--account handle\]/)
    expect(helpText()).toMatch(/FEDIVAULT_ACCOUNT=handle/)
    expect(helpText('run')).toMatch(/MASTODON_API_BASE_URL/)
    expect(helpText('status')).toMatch(/Exits with 1/)
  })
})
