import { CliError, exitCodes } from './exit-codes'

export interface RunCommand {
  kind: 'run'
  account?: string
  mode: 'proxy-read-only' | 'proxy-read-write'
  /** Set only when --read-only / --read-write was given (refused under FEDIVAULT_KEY). */
  modeGiven: boolean
  maxSeconds?: number
  argv: string[]
}

function usage(message: string): never {
  throw new CliError(exitCodes.usage, `${message}\nRun "fedivault --help run" for usage.`)
}

const seconds: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 }

/** `fedivault run [--account H] [--read-only|--read-write] [--max-time DUR] -- CMD [ARGS…]` */
export function parseRunArgs(args: readonly string[]): RunCommand {
  const split = args.indexOf('--')
  const own = split < 0 ? [] : args.slice(0, split)
  const argv = split < 0 ? [...args] : args.slice(split + 1)
  if (split < 0 && argv[0]?.startsWith('-')) usage('run needs -- before the command.')
  let account: string | undefined
  let mode: RunCommand['mode'] | undefined
  let maxSeconds: number | undefined
  for (let i = 0; i < own.length; i++) {
    const arg = own[i]!
    const [name, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined]
    if (name === '--account' || name === '--max-time') {
      const value = inline ?? own[++i]
      if (!value) usage(`${name} needs a value.`)
      if (name === '--account') account = value
      else maxSeconds = parseRunDuration(value)
    } else if (name === '--read-only' || name === '--read-write') {
      const wanted = name === '--read-only' ? 'proxy-read-only' : 'proxy-read-write'
      if (mode && mode !== wanted) usage('Choose one of --read-only and --read-write.')
      mode = wanted
    } else usage(`Unknown option "${arg}".`)
  }
  if (argv.length === 0) usage('run needs a command: fedivault run -- <command> [args]')
  return {
    kind: 'run',
    ...(account ? { account } : {}),
    mode: mode ?? 'proxy-read-write',
    modeGiven: mode !== undefined,
    ...(maxSeconds !== undefined ? { maxSeconds } : {}),
    argv
  }
}

/** `90s`, `30m`, `12h`, `2d` (at most 7 days, the endpoint's limit). */
export function parseRunDuration(text: string): number {
  const match = /^(\d{1,6})([smhd])$/.exec(text.trim())
  const total = match ? Number(match[1]) * seconds[match[2]!]! : 0
  if (!match || total === 0 || total > 7 * 86_400) {
    usage(`--max-time takes a duration up to 7d, such as 90s, 30m, 12h or 2d, not "${text}".`)
  }
  return total
}
