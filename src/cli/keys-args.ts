import { CliError, exitCodes } from './exit-codes'

export type KeyMode = 'proxy-read-only' | 'proxy-read-write' | 'token'

export type KeysCommand =
  | { kind: 'keys'; action: 'list'; json: boolean }
  | {
      kind: 'keys'
      action: 'create'
      name: string
      accounts: string[] | 'active'
      mode: KeyMode
      /** Epoch ms, computed from --expires when given. */
      expiresAt?: number
      json: boolean
    }
  | { kind: 'keys'; action: 'revoke'; name: string }

const modeFlags: Record<string, KeyMode> = {
  '--read-only': 'proxy-read-only',
  '--read-write': 'proxy-read-write',
  '--token': 'token'
}

function usage(message: string): never {
  throw new CliError(exitCodes.usage, `${message}\nRun "fedivault keys --help" for usage.`)
}

/** `keys list [--json] | create NAME --account h… [mode] [--expires 30d] [--json] | revoke NAME`. */
export function parseKeysArgs(args: readonly string[], now = Date.now()): KeysCommand {
  const [action, ...rest] = args
  if (action === 'list') {
    const extra = rest.filter((a) => a !== '--json')
    if (extra.length > 0) usage(`keys list takes no "${extra[0]}".`)
    return { kind: 'keys', action: 'list', json: rest.includes('--json') }
  }
  if (action === 'revoke') {
    if (rest.length !== 1 || rest[0]!.startsWith('--')) usage('keys revoke needs one key name.')
    return { kind: 'keys', action: 'revoke', name: rest[0]! }
  }
  if (action !== 'create')
    usage(action ? `Unknown keys action "${action}".` : 'keys needs list, create or revoke.')

  const accounts: string[] = []
  const modes: KeyMode[] = []
  const names: string[] = []
  let active = false
  let json = false
  let expiresAt: number | undefined
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? splitOnce(arg) : [arg, undefined]
    const value = () => {
      const v = inline ?? rest[++i]
      if (v === undefined || v === '') usage(`${flag} needs a value.`)
      return v
    }
    if (flag === '--account') accounts.push(value())
    else if (flag === '--active-account') active = true
    else if (flag === '--expires') expiresAt = now + parseDuration(value())
    else if (flag === '--json') json = true
    else if (modeFlags[flag]) modes.push(modeFlags[flag])
    else if (flag.startsWith('-')) usage(`Unknown option "${arg}".`)
    else names.push(arg)
  }
  if (names.length !== 1)
    usage('keys create needs one name: fedivault keys create NAME --account user@domain')
  if (modes.length > 1) usage('Choose one of --read-only, --read-write and --token.')
  if (active && accounts.length > 0) usage('Use either --account or --active-account, not both.')
  if (!active && accounts.length === 0) {
    usage(
      'Say which accounts the key may use: --account user@domain (repeatable), or --active-account.'
    )
  }
  return {
    kind: 'keys',
    action: 'create',
    name: names[0]!,
    accounts: active ? 'active' : accounts,
    // Read-only unless asked otherwise: the least a key can do.
    mode: modes[0] ?? 'proxy-read-only',
    ...(expiresAt !== undefined ? { expiresAt } : {}),
    json
  }
}

const units: Record<string, number> = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 }

/** `12h`, `30d`, `8w`: how long the key lasts. */
export function parseDuration(text: string): number {
  const match = /^(\d{1,5})([hdw])$/.exec(text.trim())
  if (!match || Number(match[1]) === 0) {
    usage(`--expires takes a duration such as 12h, 30d or 8w, not "${text}".`)
  }
  return Number(match[1]) * units[match[2]!]!
}

function splitOnce(text: string): [string, string] {
  const at = text.indexOf('=')
  return [text.slice(0, at), text.slice(at + 1)]
}
