import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import {
  decryptExport,
  encryptExport,
  STRONG_SCRYPT
} from '../../../src/main/transfer/export/export-file'
import { TransferError } from '../../../src/main/transfer/errors'

// The error cases use the smallest parameters the reader accepts; the format is the same.
const FAST = { N: 2 ** 14, r: 8, p: 1 }
const plaintext = Buffer.from(JSON.stringify({ accounts: ['token-that-must-stay-secret'] }))

async function refusal(file: Buffer, passphrase = 'correct horse battery'): Promise<TransferError> {
  const error = await decryptExport(file, passphrase).then(
    () => undefined,
    (e: unknown) => e
  )
  if (!(error instanceof TransferError))
    throw new Error(`expected a TransferError, got ${String(error)}`)
  return error
}

/** The file with its trailing SHA-256 recomputed, as someone tampering on purpose would. */
function resealed(file: Buffer): Buffer {
  const body = file.subarray(0, file.length - 32)
  return Buffer.concat([body, createHash('sha256').update(body).digest()])
}

function headerOf(file: Buffer): Record<string, unknown> {
  const length = file.readUInt16BE(9)
  return JSON.parse(file.subarray(11, 11 + length).toString('utf8')) as Record<string, unknown>
}

describe('export file format', () => {
  test(
    'strong parameters: scrypt N=2^17 r=8 p=1 in a versioned header, and back',
    { timeout: 120_000 },
    async () => {
      const file = await encryptExport(plaintext, 'correct horse battery')
      expect(file.subarray(0, 8).toString('ascii')).toBe('FVEXPORT')
      expect(file[8]).toBe(1)
      expect(headerOf(file)).toMatchObject({
        kdf: 'scrypt',
        ...STRONG_SCRYPT,
        cipher: 'aes-256-gcm'
      })
      expect(STRONG_SCRYPT).toEqual({ N: 131072, r: 8, p: 1 })
      expect(file.includes(Buffer.from('token-that-must-stay-secret'))).toBe(false)
      expect(await decryptExport(file, 'correct horse battery')).toEqual(plaintext)
    }
  )

  test('salt and nonce are fresh each time', async () => {
    const a = headerOf(await encryptExport(plaintext, 'same passphrase', FAST))
    const b = headerOf(await encryptExport(plaintext, 'same passphrase', FAST))
    expect(a.salt).not.toBe(b.salt)
    expect(a.nonce).not.toBe(b.nonce)
  })

  test('a wrong passphrase is told apart from a damaged file', async () => {
    const file = await encryptExport(plaintext, 'correct horse battery', FAST)
    const wrong = await refusal(file, 'Correct horse battery')
    expect(wrong.code).toBe('export_wrong_passphrase')
    expect(wrong.message).toMatch(/does not open this export/)
  })

  test('truncated anywhere: damaged, never "wrong passphrase"', async () => {
    const file = await encryptExport(plaintext, 'correct horse battery', FAST)
    for (const length of [3, 8, 9, 12, 40, file.length - 40, file.length - 1]) {
      const error = await refusal(file.subarray(0, length))
      expect([length, error.code]).toEqual([length, 'export_damaged'])
      expect(error.message).toMatch(/damaged: .*(truncated|cut short|changed)/)
    }
  })

  test('changed bytes: caught by the checksum, and by GCM when the checksum was redone', async () => {
    const file = await encryptExport(plaintext, 'correct horse battery', FAST)
    const flipped = Buffer.from(file)
    flipped[file.length - 40]! ^= 0x01 // inside the ciphertext
    expect((await refusal(flipped)).message).toMatch(/some of its bytes changed/)
    expect((await refusal(resealed(flipped))).message).toMatch(/do not match their seal/)
  })

  test('a header asking for absurd parameters is refused before any key is derived', async () => {
    const file = await encryptExport(plaintext, 'correct horse battery', FAST)
    const header = JSON.stringify({ ...headerOf(file), N: 2 ** 30 })
    const length = file.readUInt16BE(9)
    const rest = file.subarray(11 + length, file.length - 32)
    const size = Buffer.alloc(2)
    size.writeUInt16BE(Buffer.byteLength(header))
    const forged = resealed(
      Buffer.concat([file.subarray(0, 9), size, Buffer.from(header), rest, Buffer.alloc(32)])
    )
    const error = await refusal(forged)
    expect(error.code).toBe('export_damaged')
    expect(error.message).toMatch(/parameters Fedivault does not use/)
  })

  test('another version, and files that are not exports at all', async () => {
    const file = await encryptExport(plaintext, 'correct horse battery', FAST)
    const newer = Buffer.from(file)
    newer[8] = 2
    const version = await refusal(newer)
    expect(version.code).toBe('export_unsupported_version')
    expect(version.message).toMatch(
      /format 2, which this version of Fedivault cannot read \(it reads format 1\)\. Update Fedivault/
    )
    expect((await refusal(Buffer.from('{"apps": {}}'))).code).toBe('not_an_export')
    expect((await refusal(Buffer.alloc(0))).code).toBe('not_an_export')
  })
})
