import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { untar } from '../../support/test-browser/untar'

// ustar entries written by hand, so the reader is checked against the format, not against itself.
function entry(name: string, body: string, type = '0', mode = 0o755): Buffer {
  const header = Buffer.alloc(512)
  header.write(name, 0)
  header.write(mode.toString(8).padStart(7, '0'), 100)
  header.write(Buffer.byteLength(body).toString(8).padStart(11, '0'), 124)
  header.write(type, 156)
  header.write('ustar', 257)
  const data = Buffer.alloc(Math.ceil(Buffer.byteLength(body) / 512) * 512)
  data.write(body)
  return Buffer.concat([header, data])
}
const end = Buffer.alloc(1024)

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fedivault-untar-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

test('writes directories and files with their contents and execute bit', () => {
  const big = 'x'.repeat(700)
  const written = untar(
    Buffer.concat([
      entry('lib/', '', '5'),
      entry('lib/libnss3.so', big),
      entry('README', 'hi', '0', 0o644),
      end
    ]),
    dir
  )
  expect(written).toEqual(['lib/libnss3.so', 'README'])
  expect(readFileSync(join(dir, 'lib/libnss3.so'), 'utf8')).toBe(big)
  expect(readFileSync(join(dir, 'README'), 'utf8')).toBe('hi')
  expect(statSync(join(dir, 'lib/libnss3.so')).mode & 0o111).not.toBe(0)
  expect(statSync(join(dir, 'README')).mode & 0o111).toBe(0)
})

test('refuses an entry that would land outside the folder', () => {
  expect(() => untar(Buffer.concat([entry('../evil', 'x'), end]), dir)).toThrow(
    'untar: entry "../evil" would land outside'
  )
})

test('refuses links instead of skipping them', () => {
  expect(() => untar(Buffer.concat([entry('lib/link.so', '', '2'), end]), dir)).toThrow(
    'has type "2", which is not supported'
  )
})
