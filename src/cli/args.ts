import { CliError, exitCodes } from './exit-codes'
import { parseKeysArgs, type KeysCommand } from './keys-args'
import { parseRunArgs, type RunCommand } from './run-args'

export type Command =
  | { kind: 'help'; topic?: string }
  | { kind: 'version' }
  | { kind: 'accounts'; json: boolean }
  | { kind: 'token'; handle?: string; json: boolean }
  | { kind: 'exec'; account?: string; argv: string[] }
  | { kind: 'api'; account?: string; method: string; path: string; data?: string }
  | KeysCommand
  | { kind: 'import'; source: 'toot' | 'mastodon.py'; paths: string[]; json: boolean }
  | RunCommand
  | { kind: 'status'; json: boolean }

const commands = ['accounts', 'token', 'exec', 'api', 'keys', 'import', 'run', 'status']

function usage(message: string): never {
  throw new CliError(exitCodes.usage, `${message}\nRun "fedivault --help" for usage.`)
}

/** Parses `process.argv.slice(2)`; throws a usage CliError for anything it cannot make sense of. */
export function parseArgs(args: readonly string[]): Command {
  const [first, ...rest] = args
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    return { kind: 'help', topic: first === 'help' ? rest[0] : undefined }
  }
  if (first === '--version' || first === '-v') return { kind: 'version' }
  if (!commands.includes(first)) usage(`Unknown command "${first}".`)
  const wrapsCommand = first === 'exec' || first === 'run'
  if (rest.includes('--help') && (!wrapsCommand || rest.indexOf('--help') < dashDash(rest))) {
    return { kind: 'help', topic: first }
  }

  if (first === 'keys') return parseKeysArgs(rest)
  if (first === 'run') return parseRunArgs(rest)

  if (first === 'exec') {
    const split = dashDash(rest)
    // Without --, the command starts at the first word that is not ours, options and all.
    const { flags, positional } = readFlags(rest.slice(0, split), ['--account'], [], true)
    const argv = split < rest.length ? rest.slice(split + 1) : positional
    if (split < rest.length && positional.length > 0)
      usage(`Unexpected "${positional[0]}" before --.`)
    if (argv.length === 0) usage('exec needs a command: fedivault exec -- <command> [args]')
    return { kind: 'exec', account: flags['--account'], argv }
  }

  if (first === 'api') {
    const { flags, positional } = readFlags(rest, ['--account', '--data'], [])
    if (positional.length !== 2) usage('api needs a method and a path: fedivault api GET /api/v1/…')
    const [method = '', path = ''] = positional
    if (!/^[A-Za-z]+$/.test(method)) usage(`"${method}" is not an HTTP method.`)
    const data = flags['--data']
    if (data !== undefined) {
      try {
        JSON.parse(data)
      } catch {
        usage('--data must be valid JSON.')
      }
    }
    return { kind: 'api', account: flags['--account'], method: method.toUpperCase(), path, data }
  }

  const { flags, positional } = readFlags(rest, [], ['--json'])
  const json = flags['--json'] !== undefined
  if (first === 'import') {
    const [source, ...paths] = positional
    if (source !== 'toot' && source !== 'mastodon.py') {
      usage(
        'import needs a source: fedivault import toot [PATH] or fedivault import mastodon.py PATH…'
      )
    }
    if (source === 'toot' && paths.length > 1) usage('import toot takes at most one PATH.')
    // Mastodon.py has no default place for its files: they are wherever the script wrote them.
    if (source === 'mastodon.py' && paths.length === 0) {
      usage(
        'import mastodon.py needs the *.secret files (or their folder): fedivault import mastodon.py PATH…'
      )
    }
    return { kind: 'import', source, paths, json }
  }
  if (first === 'status') {
    if (positional.length > 0) usage('status takes no arguments.')
    return { kind: 'status', json }
  }
  if (first === 'accounts') {
    if (positional.length > 0) usage('accounts takes no arguments.')
    return { kind: 'accounts', json }
  }
  if (positional.length > 1) usage('token takes at most one handle.')
  return { kind: 'token', handle: positional[0], json }
}

function dashDash(args: readonly string[]): number {
  const at = args.indexOf('--')
  return at < 0 ? args.length : at
}

/** `--name value`, `--name=value` and boolean `--name`; anything else starting with - is an error. */
function readFlags(
  args: readonly string[],
  valued: readonly string[],
  booleans: readonly string[],
  restIsPositional = false
): { flags: Record<string, string | undefined>; positional: string[] } {
  const flags: Record<string, string | undefined> = {}
  const positional: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (restIsPositional && positional.length > 0) {
      positional.push(arg)
      continue
    }
    const [name = '', inline] = arg.startsWith('--') ? splitOnce(arg, '=') : [arg, undefined]
    if (valued.includes(name)) {
      const value = inline ?? args[++i]
      if (value === undefined || value === '') usage(`${name} needs a value.`)
      flags[name] = value
    } else if (booleans.includes(name) && inline === undefined) {
      flags[name] = 'true'
    } else if (arg.startsWith('-') && arg !== '-') {
      usage(`Unknown option "${arg}".`)
    } else {
      positional.push(arg)
    }
  }
  return { flags, positional }
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator)
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)]
}
