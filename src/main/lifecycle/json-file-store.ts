import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * A small JSON file for non-secret settings such as window geometry. Written synchronously
 * (the last write happens while the app quits) and atomically (a crash mid-write leaves the old
 * file, never half of one). A missing or unreadable file loads as `undefined`.
 */
export function createJsonFileStore<T>(file: string): { load(): unknown; save(value: T): void } {
  return {
    load() {
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as unknown
      } catch {
        return undefined
      }
    },
    save(value) {
      mkdirSync(dirname(file), { recursive: true })
      const temp = `${file}.${process.pid}.tmp`
      writeFileSync(temp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 })
      renameSync(temp, file)
    }
  }
}
