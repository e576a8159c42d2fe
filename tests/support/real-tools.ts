import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import type { Simulator } from '../sim'

/**
 * Runs the real tools — Debian's `toot` and `python3-mastodon` — against the simulator, so the
 * files the import reads are the ones those tools write, and their tokens are live in the
 * simulator. `.ci/run` installs both when they are missing.
 */
const PYTHON = '/usr/bin/python3' // Debian's, where python3-mastodon lives (not a pyenv shim)

export function assertToolsInstalled(): void {
  const toot = spawnSync('toot', ['--version'], { encoding: 'utf8' })
  const masto = spawnSync(PYTHON, ['-c', 'import mastodon'], { encoding: 'utf8' })
  if (toot.status !== 0 || masto.status !== 0) {
    throw new Error(
      'These tests run the real toot and Mastodon.py: apt-get install -y toot python3-mastodon (.ci/run does).'
    )
  }
}

function run(
  file: string,
  args: string[],
  options: { env?: Record<string, string>; input?: string }
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe']
    })
    let out = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')))
    child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')))
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${file} exited ${code}:\n${out}`))
    )
    child.stdin.end(options.input ?? '')
  })
}

/**
 * `toot login_cli` with the password on stdin (toot reads it from there when stdin is not a
 * terminal). Returns the path of the config.json toot wrote under `configHome`.
 */
export async function tootLogin(
  sim: Simulator,
  user: { email: string; password: string },
  configHome: string
): Promise<string> {
  await run('toot', ['login_cli', '--disable-https', '-i', sim.host, '-e', user.email], {
    env: { XDG_CONFIG_HOME: configHome, HOME: configHome },
    input: `${user.password}\n`
  })
  return join(configHome, 'toot', 'config.json')
}

const MASTODON_PY = `
import sys
from mastodon import Mastodon
url, email, password, client_file, user_file = sys.argv[1:6]
if client_file != '-':
    Mastodon.create_app('fedivault-test', api_base_url=url, to_file=client_file)
    m = Mastodon(client_id=client_file, version_check_mode='none')
else:
    cid, secret = Mastodon.create_app('fedivault-test', api_base_url=url)
    m = Mastodon(client_id=cid, client_secret=secret, api_base_url=url, version_check_mode='none')
m.log_in(email, password, to_file=user_file)
`

/**
 * `Mastodon.create_app(to_file=clientFile)` then `log_in(to_file=userFile)`; `clientFile: null`
 * registers the app without writing its file.
 */
export async function mastodonPyLogin(
  sim: Simulator,
  user: { email: string; password: string },
  files: { clientFile: string | null; userFile: string }
): Promise<void> {
  await run(
    PYTHON,
    [
      '-c',
      MASTODON_PY,
      sim.url,
      user.email,
      user.password,
      files.clientFile ?? '-',
      files.userFile
    ],
    { env: { HOME: '/nonexistent' } }
  )
}
