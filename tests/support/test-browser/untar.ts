import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, isAbsolute, relative, resolve } from 'node:path'

/**
 * Writes the directories and regular files of a ustar archive under `into` (links and other
 * entry types are not needed for the archives we read, and are refused rather than half-done).
 */
export function untar(archive: Buffer, into: string): string[] {
  const written: string[] = []
  let at = 0
  while (at + 512 <= archive.length) {
    const header = archive.subarray(at, at + 512)
    if (header.every((byte) => byte === 0)) break
    const field = (start: number, length: number) =>
      header
        .subarray(start, start + length)
        .toString('utf8')
        .split('\0')[0]!
    const prefix = field(345, 155)
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100)
    const size = parseInt(field(124, 12).trim() || '0', 8)
    const type = field(156, 1) || '0'
    const target = resolve(into, name)
    const inside = relative(into, target)
    if (inside.startsWith('..') || isAbsolute(inside)) {
      throw new Error(`untar: entry "${name}" would land outside ${into}`)
    }
    const body = at + 512
    if (type === '5') mkdirSync(target, { recursive: true })
    else if (type === '0') {
      mkdirSync(dirname(target), { recursive: true })
      const mode = parseInt(field(100, 8).trim() || '644', 8) & 0o755
      writeFileSync(target, archive.subarray(body, body + size), { mode })
      written.push(inside)
    } else throw new Error(`untar: entry "${name}" has type "${type}", which is not supported`)
    at = body + Math.ceil(size / 512) * 512
  }
  return written
}
