import { randomBytes } from 'node:crypto'
import { open, readFile, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { TransferError } from '../errors'

/** An export of a few hundred accounts is tens of kilobytes; refuse to read anything absurd. */
const MAX_EXPORT_BYTES = 16 * 1024 * 1024

/** Written next to the target, flushed, then renamed over it: never half an export. Mode 0600. */
export async function writeExportFile(path: string, bytes: Buffer): Promise<string> {
  const target = resolve(path)
  const temp = join(dirname(target), `.${randomBytes(6).toString('hex')}.fedivault-export.tmp`)
  try {
    const handle = await open(temp, 'wx', 0o600)
    try {
      await handle.writeFile(bytes)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, target)
    return target
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined)
    const code = (error as NodeJS.ErrnoException).code ?? 'error'
    throw new TransferError(
      'export_file_unwritable',
      `The export could not be written to ${basename(target)} (${code}). Choose a folder you can write to.`
    )
  }
}

export async function readExportFile(path: string): Promise<Buffer> {
  const target = resolve(path)
  const info = await stat(target).catch(() => undefined)
  if (!info?.isFile()) {
    throw new TransferError(
      'import_file_unreadable',
      `${basename(target)} does not exist or is not a file.`
    )
  }
  if (info.size > MAX_EXPORT_BYTES) {
    throw new TransferError(
      'not_an_export',
      `${basename(target)} is far too large to be a Fedivault export.`
    )
  }
  return readFile(target).catch((error: NodeJS.ErrnoException) => {
    throw new TransferError(
      'import_file_unreadable',
      `${basename(target)} cannot be read (${error.code}).`
    )
  })
}
