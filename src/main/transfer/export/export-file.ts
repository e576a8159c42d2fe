import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  scrypt,
  timingSafeEqual
} from 'node:crypto'
import { TransferError } from '../errors'

/**
 * The encrypted export file, version 1:
 *
 *   "FVEXPORT" (8 bytes) · version (1 byte) · header length (2 bytes, big-endian) · header JSON
 *   · AES-256-GCM ciphertext · GCM tag (16 bytes) · SHA-256 of everything before it (32 bytes)
 *
 * The header holds the KDF and its parameters, the salt, the nonce and a passphrase check; the
 * whole prefix up to the ciphertext is the GCM additional data, so changing any parameter fails
 * authentication. The key is scrypt(passphrase, salt) → 64 bytes: the first 32 are the AES key,
 * the last 32 key an HMAC of the salt, which is the check. That lets a wrong passphrase be told
 * from a damaged file (the check costs an attacker the same scrypt run per guess as the GCM tag).
 * The trailing SHA-256 is not a seal, only a way to say "truncated or damaged" before asking
 * whether the passphrase is right.
 *
 * scrypt N = 2^17, r = 8, p = 1: OWASP's recommended minimum for scrypt (128 MiB and a few hundred
 * milliseconds per guess). The file is protected by nothing but the passphrase once it leaves the
 * computer, so guessing must be expensive; it runs once per export or restore, off the main thread.
 */
const MAGIC = Buffer.from('FVEXPORT', 'ascii')
export const EXPORT_FORMAT_VERSION = 1
const TAG_BYTES = 16
const DIGEST_BYTES = 32

export interface ScryptParams {
  N: number
  r: number
  p: number
}

export const STRONG_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 }

/** What a file may ask for: below is too weak to have been written by us, above is a DoS. */
const ACCEPTED = { N: [2 ** 14, 2 ** 20], r: [1, 32], p: [1, 16] } as const

interface Header {
  kdf: 'scrypt'
  N: number
  r: number
  p: number
  salt: string
  nonce: string
  check: string
  cipher: 'aes-256-gcm'
}

export async function encryptExport(
  plaintext: Buffer,
  passphrase: string,
  params: ScryptParams = STRONG_SCRYPT
): Promise<Buffer> {
  const salt = randomBytes(32)
  const nonce = randomBytes(12)
  const { key, check } = await deriveKeys(passphrase, salt, params)
  const header: Header = {
    kdf: 'scrypt',
    ...params,
    salt: salt.toString('base64'),
    nonce: nonce.toString('base64'),
    check: check.toString('base64'),
    cipher: 'aes-256-gcm'
  }
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8')
  const length = Buffer.alloc(2)
  length.writeUInt16BE(headerBytes.length)
  const prefix = Buffer.concat([MAGIC, Buffer.from([EXPORT_FORMAT_VERSION]), length, headerBytes])
  const cipher = createCipheriv('aes-256-gcm', key, nonce)
  cipher.setAAD(prefix)
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()])
  const withoutDigest = Buffer.concat([prefix, body])
  return Buffer.concat([withoutDigest, sha256(withoutDigest)])
}

export async function decryptExport(file: Buffer, passphrase: string): Promise<Buffer> {
  if (
    file.length > 0 &&
    file.length <= MAGIC.length &&
    MAGIC.subarray(0, file.length).equals(file)
  ) {
    throw damaged('it is truncated')
  }
  if (file.length < MAGIC.length + 1 || !file.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new TransferError('not_an_export', 'This is not a Fedivault export file.')
  }
  const version = file[MAGIC.length]!
  if (version !== EXPORT_FORMAT_VERSION) {
    throw new TransferError(
      'export_unsupported_version',
      `This export was written in format ${version}, which this version of Fedivault cannot read (it reads format ${EXPORT_FORMAT_VERSION}). Update Fedivault, then restore again.`
    )
  }
  const headerStart = MAGIC.length + 3
  if (file.length < headerStart + TAG_BYTES + DIGEST_BYTES) throw damaged('it is truncated')
  const content = file.subarray(0, file.length - DIGEST_BYTES)
  if (!sha256(content).equals(file.subarray(file.length - DIGEST_BYTES))) {
    throw damaged('it is truncated or some of its bytes changed')
  }
  const headerLength = file.readUInt16BE(MAGIC.length + 1)
  const bodyStart = headerStart + headerLength
  if (bodyStart + TAG_BYTES > content.length) throw damaged('its header is cut short')
  const header = parseHeader(content.subarray(headerStart, bodyStart))
  const salt = Buffer.from(header.salt, 'base64')
  const { key, check } = await deriveKeys(passphrase, salt, header)
  const expected = Buffer.from(header.check, 'base64')
  if (expected.length !== check.length || !timingSafeEqual(expected, check)) {
    throw new TransferError(
      'export_wrong_passphrase',
      'That passphrase does not open this export. Check it (it is case-sensitive) and try again.'
    )
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(header.nonce, 'base64'))
    decipher.setAAD(content.subarray(0, bodyStart))
    decipher.setAuthTag(content.subarray(content.length - TAG_BYTES))
    return Buffer.concat([
      decipher.update(content.subarray(bodyStart, content.length - TAG_BYTES)),
      decipher.final()
    ])
  } catch {
    throw damaged('its contents do not match their seal')
  }
}

function parseHeader(bytes: Buffer): Header {
  let header: Partial<Header>
  try {
    header = JSON.parse(bytes.toString('utf8')) as Partial<Header>
  } catch {
    throw damaged('its header is unreadable')
  }
  const within = (v: unknown, [lo, hi]: readonly [number, number]) =>
    typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi
  if (
    header.kdf !== 'scrypt' ||
    header.cipher !== 'aes-256-gcm' ||
    !within(header.N, ACCEPTED.N) ||
    (header.N! & (header.N! - 1)) !== 0 ||
    !within(header.r, ACCEPTED.r) ||
    !within(header.p, ACCEPTED.p) ||
    typeof header.salt !== 'string' ||
    typeof header.nonce !== 'string' ||
    typeof header.check !== 'string'
  ) {
    throw damaged('its header names parameters Fedivault does not use')
  }
  return header as Header
}

function deriveKeys(
  passphrase: string,
  salt: Buffer,
  { N, r, p }: ScryptParams
): Promise<{ key: Buffer; check: Buffer }> {
  return new Promise((resolve, reject) => {
    // maxmem: scrypt needs 128·N·r bytes; Node's default cap (32 MiB) is below N = 2^17.
    const maxmem = 128 * N * r * 2
    scrypt(passphrase.normalize('NFC'), salt, 64, { N, r, p, maxmem }, (error, derived) => {
      if (error) return reject(damaged('its key parameters cannot be used'))
      const key = derived.subarray(0, 32)
      const check = createHmac('sha256', derived.subarray(32)).update(salt).digest()
      resolve({ key, check })
    })
  })
}

function sha256(bytes: Buffer): Buffer {
  return createHash('sha256').update(bytes).digest()
}

function damaged(why: string): TransferError {
  return new TransferError(
    'export_damaged',
    `This export file is damaged: ${why}. Use another copy of the export, or export again on the other computer.`
  )
}
