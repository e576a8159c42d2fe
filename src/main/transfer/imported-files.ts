import { createHash } from 'node:crypto'
import { readFile, unlink } from 'node:fs/promises'
import { basename, resolve } from 'node:path'
import { TransferError } from './errors'

/**
 * The plaintext files an import in this session read and fully brought in: the only files
 * "delete the file" may remove, and only while they still hold the bytes that were imported.
 */
export class ImportedFiles {
  readonly #files = new Map<string, string>()

  remember(path: string, sha256: string): void {
    this.#files.set(resolve(path), sha256)
  }

  async delete(path: string): Promise<void> {
    const full = resolve(path)
    const expected = this.#files.get(full)
    if (expected === undefined) {
      throw new TransferError(
        'not_an_imported_file',
        'Fedivault only deletes a file it has just imported all accounts from.'
      )
    }
    const bytes = await readFile(full).catch(() => undefined)
    if (bytes === undefined) {
      this.#files.delete(full)
      return // already gone: what the person asked for
    }
    if (createHash('sha256').update(bytes).digest('hex') !== expected) {
      throw new TransferError(
        'imported_file_changed',
        `${basename(full)} changed since it was imported (the tool that wrote it may have signed in again), so Fedivault left it alone.`
      )
    }
    await unlink(full)
    this.#files.delete(full)
  }
}
