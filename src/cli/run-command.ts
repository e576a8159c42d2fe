import type { IncomingMessage } from 'node:http'
import type { EndpointFile } from '@shared/endpoint-file'
import { looksLikeScriptKey } from '@shared/script-key-format'
import { callEndpoint, endpointRefusal, getJson } from './endpoint-client'
import { CliError, exitCodes } from './exit-codes'
import type { CommandIO } from './commands'

export interface RunCommand {
  kind: 'run'
  account?: string
  mode: 'proxy-read-only' | 'proxy-read-write'
  /** Set only when --read-only / --read-write was given (refused under FEDIVAULT_KEY). */
  modeGiven: boolean
  maxSeconds?: number
  argv: string[]
}

interface AccountRow {
  handle: string
  software: string
  api?: string
  active: boolean
}

interface Hold {
  key: string
  account: AccountRow
  /** Ends the run key and closes the hold connection. */
  end(): Promise<void>
}

/** Variables a tool may take a token or an instance from: never inherited by the child. */
const credentialVariable = /^(FEDIVERSE_|MASTODON_)|^FEDIVAULT_(KEY|URL|ACCOUNT)$/

/**
 * `fedivault run`: the command gets the endpoint as its instance and a run key as its token, in
 * the names tools read, and a toot config.json in a private folder. The run key is minted for
 * this command and held open by one request: when this process ends, however it ends, the
 * connection closes and the endpoint revokes the key. Under FEDIVAULT_KEY the key itself is used
 * and nothing is minted.
 */
export async function runThroughProxy(
  command: RunCommand,
  endpoint: EndpointFile,
  io: CommandIO
): Promise<number> {
  const hold = looksLikeScriptKey(endpoint.secret)
    ? await useScriptKey(command, endpoint)
    : await mintRunKey(command, endpoint, io)
  const { mkdtempSync, writeFileSync, mkdirSync, rmSync, chmodSync, statSync } =
    await import('node:fs')
  const { join } = await import('node:path')
  const { tmpdir } = await import('node:os')
  const runtime = io.env.XDG_RUNTIME_DIR
  const parent = runtime && isDirectory(statSync, runtime) ? runtime : tmpdir()
  const folder = mkdtempSync(join(parent, 'fedivault-run-'))
  const cleanup = () => rmSync(folder, { recursive: true, force: true })
  try {
    chmodSync(folder, 0o700)
    const instance = hold.account.handle.split('@')[1] ?? 'fedivault'
    const username = hold.account.handle.split('@')[0] ?? hold.account.handle
    mkdirSync(join(folder, 'toot'), { mode: 0o700 })
    writeFileSync(
      join(folder, 'toot', 'config.json'),
      JSON.stringify(tootConfig(instance, username, endpoint.url, hold.key), null, 1),
      { mode: 0o600 }
    )
    const env: NodeJS.ProcessEnv = {}
    for (const [name, value] of Object.entries(io.env)) {
      if (!credentialVariable.test(name)) env[name] = value
    }
    Object.assign(env, {
      FEDIVERSE_INSTANCE_URL: endpoint.url,
      FEDIVERSE_ACCESS_TOKEN: hold.key,
      MASTODON_API_BASE_URL: endpoint.url,
      MASTODON_ACCESS_TOKEN: hold.key,
      FEDIVERSE_HANDLE: hold.account.handle,
      FEDIVERSE_SOFTWARE: hold.account.software,
      FEDIVERSE_API: hold.account.api ?? 'mastodon',
      // `fedivault` inside the command uses the run key too, without reading endpoint.json.
      FEDIVAULT_KEY: hold.key,
      FEDIVAULT_URL: endpoint.url,
      FEDIVAULT_ACCOUNT: hold.account.handle,
      XDG_CONFIG_HOME: folder,
      ...(process.platform === 'win32' ? { APPDATA: folder } : {})
    })
    return await spawnChild(command.argv, env, io)
  } finally {
    cleanup()
    await hold.end()
  }
}

function isDirectory(stat: typeof import('node:fs').statSync, path: string): boolean {
  try {
    return stat(path).isDirectory()
  } catch {
    return false
  }
}

/** toot 0.3x's config.json: apps keyed by instance, users by `user@instance`, `active_user`. */
export function tootConfig(instance: string, username: string, baseUrl: string, key: string) {
  const user = `${username}@${instance}`
  return {
    apps: {
      [instance]: {
        instance,
        base_url: baseUrl,
        client_id: 'fedivault-run',
        client_secret: 'fedivault-run'
      }
    },
    users: { [user]: { instance, username, access_token: key } },
    active_user: user
  }
}

async function mintRunKey(
  command: RunCommand,
  endpoint: EndpointFile,
  io: CommandIO
): Promise<Hold> {
  const body = JSON.stringify({
    ...(command.account ? { account: command.account } : {}),
    mode: command.mode,
    command: command.argv.join(' '),
    ...(command.maxSeconds ? { max_seconds: command.maxSeconds } : {})
  })
  // No timeout: the answer stays open for the life of the command.
  const res = await callEndpoint(endpoint, {
    method: 'POST',
    path: '/v1/run-keys',
    body,
    timeoutMs: 0
  })
  const refusal = await endpointRefusal(res)
  if (refusal) throw refusal
  if (res.statusCode !== 201) {
    res.destroy()
    throw new CliError(
      exitCodes.failure,
      `Unexpected answer ${res.statusCode} from ${endpoint.url}.`
    )
  }
  const first = await firstLine(res)
  let answer: { key: { id: string }; secret: string; account: AccountRow }
  try {
    answer = JSON.parse(first)
  } catch {
    res.destroy()
    throw new CliError(exitCodes.failure, `The endpoint at ${endpoint.url} did not answer JSON.`)
  }
  res.on('data', (chunk: Buffer) => {
    if (chunk.toString('utf8').includes('max_time')) {
      io.stderr(
        'fedivault: the run key reached its maximum lifetime (--max-time) and was revoked.\n'
      )
    }
  })
  return {
    key: answer.secret,
    account: answer.account,
    async end() {
      // Revoked before we exit, so whoever waits on us finds the key dead; closing the hold
      // would revoke it too, a moment later.
      try {
        const ended = await callEndpoint(endpoint, {
          method: 'DELETE',
          path: `/v1/run-keys/${encodeURIComponent(answer.key.id)}`,
          timeoutMs: 5000
        })
        ended.resume()
        await new Promise((resolve) => ended.on('end', resolve))
      } catch {
        // The endpoint is gone: so is the key.
      }
      res.destroy()
    }
  }
}

function firstLine(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8')
      const at = text.indexOf('\n')
      if (at >= 0) {
        res.off('data', onData)
        res.pause()
        resolve(text.slice(0, at))
      }
    }
    res.on('data', onData)
    res.on('error', reject)
    res.on('end', () => reject(new CliError(exitCodes.failure, 'The endpoint ended the run key.')))
  })
}

/** Under FEDIVAULT_KEY: that key, for the one account it resolves to at the endpoint's root. */
async function useScriptKey(command: RunCommand, endpoint: EndpointFile): Promise<Hold> {
  if (command.modeGiven || command.maxSeconds !== undefined) {
    throw new CliError(
      exitCodes.usage,
      "Under FEDIVAULT_KEY, run uses that key as it is: --read-only, --read-write and --max-time need Fedivault's own secret."
    )
  }
  const { accounts } = (await getJson(endpoint, '/v1/accounts')) as { accounts: AccountRow[] }
  const wanted = command.account?.replace(/^@/, '').toLowerCase()
  const account = wanted
    ? accounts.find((a) => a.handle === wanted)
    : accounts.length === 1
      ? accounts[0]
      : accounts.find((a) => a.active)
  if (!account) {
    throw new CliError(
      exitCodes.keyScope,
      wanted
        ? `The script key in FEDIVAULT_KEY may not use ${wanted}.`
        : 'The script key in FEDIVAULT_KEY covers no active account. Pass --account.'
    )
  }
  if (accounts.length > 1) {
    throw new CliError(
      exitCodes.keyScope,
      'The script key in FEDIVAULT_KEY covers several accounts; run needs a key for one account (or for the active one).'
    )
  }
  return { key: endpoint.secret, account, end: async () => {} }
}

async function spawnChild(argv: string[], env: NodeJS.ProcessEnv, io: CommandIO): Promise<number> {
  const { spawn } = await import('node:child_process')
  const { constants } = await import('node:os')
  const [file, ...args] = argv as [string, ...string[]]
  const child = spawn(file, args, { stdio: 'inherit', env })
  const forward = (signal: NodeJS.Signals) => child.kill(signal)
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT']
  for (const signal of signals) process.on(signal, forward)
  return new Promise((resolve) => {
    child.on('error', (error: NodeJS.ErrnoException) => {
      for (const s of signals) process.off(s, forward)
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
