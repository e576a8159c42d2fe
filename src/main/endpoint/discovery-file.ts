import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'

export const discoveryFileName = 'endpoint.json'

/** What a script reads to find the endpoint. Holds the secret, hence owner-only permissions. */
export interface DiscoveryRecord {
  url: string
  secret: string
  pid: number
  version: string
}

/**
 * Written to a fresh temporary file and renamed into place, so a script never reads half a file
 * and the secret never sits in a file with wider permissions, not even briefly.
 */
export function writeDiscoveryFile(dataDir: string, record: DiscoveryRecord): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const path = join(dataDir, discoveryFileName)
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`
  try {
    writeFileSync(temporary, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600, flag: 'wx' })
    chmodSync(temporary, 0o600) // in case the umask or the file system had other ideas
    renameSync(temporary, path)
  } catch (error) {
    rmSync(temporary, { force: true })
    throw error
  }
  return path
}

/** Removes the file only while it still describes this server (holds the same secret). */
export function removeDiscoveryFile(dataDir: string, secret: string): void {
  const path = join(dataDir, discoveryFileName)
  let current: unknown
  try {
    current = JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    return
  }
  if ((current as Partial<DiscoveryRecord> | null)?.secret === secret) rmSync(path, { force: true })
}
