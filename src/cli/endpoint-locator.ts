import { readFileSync, readlinkSync } from 'node:fs'
import path from 'node:path'
import { ENDPOINT_FILE_NAME, type EndpointFile } from '@shared/endpoint-file'
import { SCRIPT_KEY_PATTERN } from '@shared/script-key-format'
import { CliError, exitCodes } from './exit-codes'

export type ProcessProbe = (pid: number) => boolean

/** Signal 0 checks for existence without touching the process; EPERM still means it exists. */
export const processAlive: ProcessProbe = (pid) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * The endpoint and the credential to use: the owner's secret from `endpoint.json`, or the script
 * key in `FEDIVAULT_KEY`. With `FEDIVAULT_URL` as well, `endpoint.json` is not read at all, so a
 * script can run where the owner's secret is out of reach.
 */
export function resolveEndpoint(
  dataDir: string,
  env: NodeJS.ProcessEnv,
  alive: ProcessProbe = processAlive
): EndpointFile {
  const key = env.FEDIVAULT_KEY?.trim()
  if (!key) return locateEndpoint(dataDir, alive)
  if (!SCRIPT_KEY_PATTERN.test(key)) {
    throw new CliError(
      exitCodes.usage,
      'FEDIVAULT_KEY is not a script key (fvk_ followed by 43 characters). Create one in Settings → Script access or with "fedivault keys create".'
    )
  }
  const url = env.FEDIVAULT_URL?.trim().replace(/\/+$/, '')
  if (url) {
    if (!loopbackUrl.test(url)) {
      throw new CliError(
        exitCodes.usage,
        `FEDIVAULT_URL must be Fedivault's local address, http://127.0.0.1:<port>, not "${url}".`
      )
    }
    return { url, secret: key, pid: 0, version: 'unknown' }
  }
  return { ...locateEndpoint(dataDir, alive), secret: key }
}

const loopbackUrl = /^http:\/\/(127\.0\.0\.1|localhost):\d{1,5}$/

/**
 * Reads `endpoint.json` and checks that it describes a live endpoint on this computer; otherwise
 * throws a CliError that tells the person what to do.
 */
export function locateEndpoint(dataDir: string, alive: ProcessProbe = processAlive): EndpointFile {
  const file = path.join(dataDir, ENDPOINT_FILE_NAME)
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code !== 'ENOENT' && code !== 'ENOTDIR') {
      throw new CliError(exitCodes.failure, `Cannot read ${file} (${code}).`)
    }
    throw noEndpoint(dataDir, alive)
  }
  const endpoint = parseRecord(text)
  if (!endpoint) {
    throw new CliError(
      exitCodes.failure,
      `${file} is damaged. Switch script access off and on again in Fedivault.`
    )
  }
  if (!alive(endpoint.pid)) {
    throw new CliError(
      exitCodes.staleEndpoint,
      `Fedivault is not running: ${file} was left behind by a process that has ended (pid ${endpoint.pid}). Start Fedivault.`
    )
  }
  return endpoint
}

function noEndpoint(dataDir: string, alive: ProcessProbe): CliError {
  const pid = runningAppPid(dataDir)
  if (pid !== null && alive(pid)) {
    return new CliError(
      exitCodes.scriptAccessOff,
      'Fedivault is running, but script access is off. Turn it on in Settings → Scripting.'
    )
  }
  return new CliError(
    exitCodes.notRunning,
    `Fedivault is not running (no endpoint.json in ${dataDir}). Start Fedivault and turn on script access in Settings → Scripting. If it runs with another data directory, set FEDIVAULT_DATA_DIR.`
  )
}

/**
 * Chromium's single-instance lock on Linux and macOS is a symlink `SingletonLock` → `host-pid`
 * in the data directory. It only refines the message, so any surprise just means "unknown".
 */
function runningAppPid(dataDir: string): number | null {
  if (process.platform === 'win32') return null
  try {
    const match = /-(\d+)$/.exec(readlinkSync(path.join(dataDir, 'SingletonLock')))
    return match ? Number(match[1]) : null
  } catch {
    return null
  }
}

/** Only loopback URLs are accepted: the secret must never be sent anywhere else. */
function parseRecord(text: string): EndpointFile | null {
  let value: Partial<Record<keyof EndpointFile, unknown>>
  try {
    value = JSON.parse(text)
  } catch {
    return null
  }
  const { url, secret, pid, version } = value ?? {}
  if (typeof url !== 'string' || !loopbackUrl.test(url)) return null
  if (typeof secret !== 'string' || secret === '') return null
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return null
  return { url, secret, pid, version: typeof version === 'string' ? version : 'unknown' }
}
