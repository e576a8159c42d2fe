import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'

import { ENDPOINT_FILE_NAME, type EndpointFile } from '@shared/endpoint-file'

/**
 * Written to a fresh temporary file and renamed into place, so a script never reads half a file
 * and the secret never sits in a file with wider permissions, not even briefly.
 */
export function writeDiscoveryFile(dataDir: string, record: EndpointFile): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const path = join(dataDir, ENDPOINT_FILE_NAME)
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
  const path = join(dataDir, ENDPOINT_FILE_NAME)
  let current: unknown
  try {
    current = JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    return
  }
  if ((current as Partial<EndpointFile> | null)?.secret === secret) rmSync(path, { force: true })
}
