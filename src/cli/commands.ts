import type { Command } from './args'
import type { EndpointFile } from '@shared/endpoint-file'
import { looksLikeScriptKey } from '@shared/script-key-format'
import { serverDisplayName } from '@shared/server-names'
import { callEndpoint, endpointRefusal, getJson } from './endpoint-client'
import { CliError, exitCodes } from './exit-codes'
import { runKeys } from './keys-commands'
import { runImport } from './import-command'

interface AccountRow {
  handle: string
  software: string
  display_name: string
  active: boolean
  status: string
}

interface TokenAnswer {
  access_token: string
  instance_url: string
  handle: string
  /** Absent from endpoints older than the Misskey support. */
  software?: string | null
  api?: string
}

type Output = (text: string) => void

export interface CommandIO {
  stdout: NodeJS.WritableStream
  stderr: Output
  env: NodeJS.ProcessEnv
}

/** Runs one parsed command and resolves with the exit code. */
export async function runCommand(
  command: Exclude<Command, { kind: 'help' } | { kind: 'version' }>,
  endpoint: EndpointFile,
  io: CommandIO
): Promise<number> {
  const write = (text: string) => io.stdout.write(text)
  switch (command.kind) {
    case 'accounts': {
      const answer = await getJson(endpoint, '/v1/accounts')
      if (command.json) write(`${JSON.stringify(answer, null, 2)}\n`)
      else write(accountTable((answer as { accounts: AccountRow[] }).accounts))
      return exitCodes.ok
    }
    case 'token': {
      const answer = await fetchToken(endpoint, command.handle)
      write(command.json ? `${JSON.stringify(answer, null, 2)}\n` : `${answer.access_token}\n`)
      return exitCodes.ok
    }
    case 'exec': {
      const answer = await fetchToken(endpoint, command.account)
      return runWithToken(command.argv, answer, io)
    }
    case 'api':
      return callApi(command, endpoint, io)
    case 'keys':
      return runKeys(command, endpoint, { stdout: write, stderr: io.stderr })
    case 'import':
      return runImport(command, endpoint, write)
  }
}

function accountTable(accounts: AccountRow[]): string {
  if (accounts.length === 0) return 'No accounts in Fedivault yet.\n'
  const width = Math.max(...accounts.map((a) => a.handle.length))
  const software = accounts.map((a) => serverDisplayName(a.software))
  const softwareWidth = Math.max(...software.map((s) => s.length))
  return accounts
    .map(
      (a, i) =>
        `${a.active ? '*' : ' '} ${a.handle.padEnd(width)}  ${software[i]!.padEnd(softwareWidth)}  ${a.status.padEnd(12)}  ${a.display_name}\n`
    )
    .join('')
}

async function fetchToken(
  endpoint: EndpointFile,
  handle: string | undefined
): Promise<TokenAnswer> {
  const path = handle ? `/v1/token?account=${encodeURIComponent(handle)}` : '/v1/token'
  try {
    return (await getJson(endpoint, path)) as TokenAnswer
  } catch (error) {
    throw withHandle(error, handle)
  }
}

function withHandle(error: unknown, handle: string | undefined): unknown {
  if (!(error instanceof CliError) || !handle) return error
  if (error.exitCode === exitCodes.unknownAccount) {
    return new CliError(
      error.exitCode,
      `No account "${handle}" in Fedivault. See "fedivault accounts".`
    )
  }
  if (error.exitCode === exitCodes.needsReauth) {
    return new CliError(error.exitCode, `${handle} needs to sign in again in Fedivault.`)
  }
  return error
}

/**
 * Like aws-vault exec: the token lives only in the child's environment. child_process is loaded
 * here, not up front, to keep it off the start-up path of the other commands.
 */
async function runWithToken(argv: string[], token: TokenAnswer, io: CommandIO): Promise<number> {
  const { spawn } = await import('node:child_process')
  const { constants } = await import('node:os')
  const [file, ...args] = argv as [string, ...string[]]
  const child = spawn(file, args, {
    stdio: 'inherit',
    env: {
      ...io.env,
      FEDIVERSE_INSTANCE_URL: token.instance_url,
      FEDIVERSE_ACCESS_TOKEN: token.access_token,
      // Which API the token speaks: `misskey` means POST /api/<endpoint> with JSON.
      ...(token.software ? { FEDIVERSE_SOFTWARE: token.software } : {}),
      ...(token.api ? { FEDIVERSE_API: token.api } : {})
    }
  })
  // The terminal already sends Ctrl-C to the whole group; a kill aimed at us must reach it too.
  const forward = (signal: NodeJS.Signals) => child.kill(signal)
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT']
  for (const signal of signals) process.on(signal, forward)
  return new Promise((resolve) => {
    child.on('error', (error: NodeJS.ErrnoException) => {
      const missing = error.code === 'ENOENT'
      io.stderr(`fedivault: cannot run ${file}: ${missing ? 'command not found' : error.code}\n`)
      resolve(missing ? exitCodes.commandNotFound : exitCodes.commandNotExecutable)
    })
    child.on('exit', (code, signal) => {
      for (const s of signals) process.off(s, forward)
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0))
    })
  })
}

async function callApi(
  command: Extract<Command, { kind: 'api' }>,
  endpoint: EndpointFile,
  io: CommandIO
): Promise<number> {
  const handle = command.account ?? (await activeHandle(endpoint))
  const res = await callEndpoint(endpoint, {
    method: command.method,
    path: proxyPath(handle, command.path),
    body: command.data,
    timeoutMs: 120_000
  })
  const refusal = await endpointRefusal(res)
  if (refusal) throw withHandle(refusal, handle)
  await new Promise<void>((resolve, reject) => {
    res.on('error', reject)
    res.on('end', resolve)
    res.pipe(io.stdout, { end: false })
  })
  const status = res.statusCode ?? 0
  if (status >= 400) {
    io.stderr(`\nfedivault: ${handle}'s instance answered ${status} ${res.statusMessage ?? ''}\n`)
    return exitCodes.apiError
  }
  return exitCodes.ok
}

async function activeHandle(endpoint: EndpointFile): Promise<string> {
  const { accounts } = (await getJson(endpoint, '/v1/accounts')) as { accounts: AccountRow[] }
  const active = accounts.find((account) => account.active)
  if (!active) throw noActiveAccount(endpoint, accounts)
  return active.handle
}

/**
 * A script key sees only the accounts it covers, so "none is active" may really mean "the active
 * one is not this key's": say what the key may use instead.
 */
function noActiveAccount(endpoint: EndpointFile, visible: AccountRow[]): CliError {
  if (!looksLikeScriptKey(endpoint.secret)) {
    return new CliError(
      exitCodes.noActiveAccount,
      'No account is active. Pick one in Fedivault, or pass --account user@domain.'
    )
  }
  if (visible.length === 0) {
    return new CliError(
      exitCodes.keyScope,
      'This script key may use no account in Fedivault right now: either it is for the active account and none is active, or the accounts it names were removed. Pick an account in Fedivault, or ask for a new key.'
    )
  }
  const handles = visible.map((account) => account.handle)
  return new CliError(
    exitCodes.noActiveAccount,
    `No account this script key may use is active. Pass --account with one of: ${handles.join(', ')}.`
  )
}

/** `v1/x`, `/v1/x` and `/api/v1/x` all mean the instance's `/api/v1/x`. */
export function proxyPath(handle: string, path: string): string {
  const absolute = path.startsWith('/') ? path : `/${path}`
  const api = absolute.startsWith('/api/') ? absolute : `/api${absolute}`
  return `/v1/proxy/${encodeURIComponent(handle.replace(/^@/, '')).replace(/%40/g, '@')}${api}`
}
