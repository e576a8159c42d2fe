import type { IncomingMessage } from 'node:http'
import type { EndpointFile } from '@shared/endpoint-file'
import { httpRoutes } from '@shared/http-routes'
import { looksLikeScriptKey } from '@shared/script-key-format'
import { runFolderMarker, runFolderPrefix } from '@shared/run-folder'
import { callEndpoint, endpointRefusal, getJson } from './endpoint-client'
import { CliError, exitCodes } from './exit-codes'
import type { CommandIO } from './command-io'
import { spawnChild } from './spawn-child'
import type { RunCommand } from './run-args'

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
 * connection closes and the endpoint revokes the key (and removes the folder, should this process
 * not have lived to). Under FEDIVAULT_KEY the key itself is used and nothing is minted.
 */
export async function runThroughProxy(
  command: RunCommand,
  endpoint: EndpointFile,
  io: CommandIO
): Promise<number> {
  const underKey = looksLikeScriptKey(endpoint.secret)
  if (underKey && (command.modeGiven || command.maxSeconds !== undefined)) {
    throw new CliError(
      exitCodes.usage,
      "Under FEDIVAULT_KEY, run uses that key as it is: --read-only, --read-write and --max-time need Fedivault's own secret."
    )
  }
  const fs = await import('node:fs')
  const { join } = await import('node:path')
  const folder = await makeRunFolder(io.env)
  const removeFolder = () => fs.rmSync(folder, { recursive: true, force: true })
  let hold: Hold
  try {
    hold = underKey
      ? await useScriptKey(command, endpoint)
      : await mintRunKey(command, endpoint, io, folder)
  } catch (error) {
    removeFolder()
    throw error
  }
  try {
    const [username = hold.account.handle, instance = 'fedivault'] = hold.account.handle.split('@')
    fs.mkdirSync(join(folder, 'toot'), { mode: 0o700 })
    fs.writeFileSync(
      join(folder, 'toot', 'config.json'),
      JSON.stringify(tootConfig(instance, username, endpoint.url, hold.key), null, 1),
      { mode: 0o600 }
    )
    return await spawnChild(command.argv, childEnv(io.env, endpoint.url, hold, folder), io)
  } finally {
    removeFolder()
    await hold.end()
  }
}

/** The child's environment: ours without any credential, plus the proxy and the run key. */
export function childEnv(
  env: NodeJS.ProcessEnv,
  url: string,
  hold: Pick<Hold, 'key' | 'account'>,
  folder: string
): NodeJS.ProcessEnv {
  const child: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(env)) {
    if (!credentialVariable.test(name)) child[name] = value
  }
  return {
    ...child,
    FEDIVERSE_INSTANCE_URL: url,
    FEDIVERSE_ACCESS_TOKEN: hold.key,
    MASTODON_API_BASE_URL: url,
    MASTODON_ACCESS_TOKEN: hold.key,
    FEDIVERSE_HANDLE: hold.account.handle,
    FEDIVERSE_SOFTWARE: hold.account.software,
    FEDIVERSE_API: hold.account.api ?? 'mastodon',
    // `fedivault` inside the command uses the run key too, without reading endpoint.json.
    FEDIVAULT_KEY: hold.key,
    FEDIVAULT_URL: url,
    // toot reads its config.json from here (%APPDATA% on Windows).
    XDG_CONFIG_HOME: folder,
    ...(process.platform === 'win32' ? { APPDATA: folder } : {})
  }
}

/**
 * A private folder (0700) for the command's config files: under $XDG_RUNTIME_DIR, a memory-backed
 * filesystem, where there is one. The marker file tells the app the folder is one of these, so
 * it may remove it when the run key's hold ends.
 */
async function makeRunFolder(env: NodeJS.ProcessEnv): Promise<string> {
  const fs = await import('node:fs')
  const { join } = await import('node:path')
  const { tmpdir } = await import('node:os')
  const runtime = env.XDG_RUNTIME_DIR
  const parent = runtime && isDirectory(fs.statSync, runtime) ? runtime : tmpdir()
  const folder = fs.mkdtempSync(join(parent, runFolderPrefix))
  fs.chmodSync(folder, 0o700)
  fs.writeFileSync(join(folder, runFolderMarker), '', { mode: 0o600 })
  return folder
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
        // toot sends these only to register and sign in, which a run never does.
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
  io: CommandIO,
  folder: string
): Promise<Hold> {
  const body = JSON.stringify({
    ...(command.account ? { account: command.account } : {}),
    mode: command.mode,
    command: command.argv.join(' '),
    folder,
    ...(command.maxSeconds ? { max_seconds: command.maxSeconds } : {})
  })
  // No timeout: the answer stays open for the life of the command.
  const res = await callEndpoint(endpoint, {
    method: 'POST',
    path: httpRoutes.runKeys,
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
  res.resume()
  return {
    key: answer.secret,
    account: answer.account,
    async end() {
      // Revoked before we exit, so whoever waits on us finds the key dead; closing the hold
      // would revoke it too, a moment later.
      try {
        const ended = await callEndpoint(endpoint, {
          method: 'DELETE',
          path: `${httpRoutes.runKeys}/${encodeURIComponent(answer.key.id)}`,
          timeoutMs: 5000
        })
        ended.resume()
        await new Promise((resolve) => ended.on('close', resolve))
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
    // Stays attached: a hold cut later (the app quit) must not crash the run.
    res.on('error', reject)
    res.on('end', () => reject(new CliError(exitCodes.failure, 'The endpoint ended the run key.')))
  })
}

/** Under FEDIVAULT_KEY: that key, for the one account it resolves to at the endpoint's root. */
async function useScriptKey(command: RunCommand, endpoint: EndpointFile): Promise<Hold> {
  const { accounts } = (await getJson(endpoint, httpRoutes.accounts)) as { accounts: AccountRow[] }
  const wanted = command.account?.replace(/^@/, '').toLowerCase()
  if (accounts.length > 1) {
    throw new CliError(
      exitCodes.keyScope,
      'The script key in FEDIVAULT_KEY covers several accounts; run needs a key for one account (or for the active one).'
    )
  }
  const account = accounts[0]
  if (!account || (wanted && account.handle !== wanted)) {
    throw new CliError(
      exitCodes.keyScope,
      wanted
        ? `The script key in FEDIVAULT_KEY may not use ${wanted}.`
        : 'The script key in FEDIVAULT_KEY may use no account right now (it is for the active account, and none is active).'
    )
  }
  return { key: endpoint.secret, account, end: async () => {} }
}
