import { createHash } from 'node:crypto'
import { readdir, readFile, stat } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import type { ImportSource } from '@shared/domain/transfer'
import { TransferError } from '../errors'
import type { SourceFile } from './candidate'

/** Credential files are tiny; anything bigger is not one (and is not read into memory). */
export const MAX_IMPORT_FILE_BYTES = 1024 * 1024

export interface ReadSource extends SourceFile {
  path: string
  /** Of the bytes read, so a later "delete it" can tell whether the file is still that file. */
  sha256: string
}

/**
 * Reads the files to import. A folder means toot's `config.json` in it, or every `*.secret`
 * file in it for Mastodon.py. Read only: nothing here writes or moves a file.
 */
export async function readSources(
  source: ImportSource,
  paths: readonly string[]
): Promise<ReadSource[]> {
  const files: string[] = []
  for (const raw of paths) {
    const path = resolve(raw)
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      throw unreadable(path, error)
    })
    if (!info.isDirectory()) files.push(path)
    else if (source === 'toot') files.push(join(path, 'config.json'))
    else {
      const names = (await readdir(path)).filter((n) => n.endsWith('.secret')).sort()
      if (names.length === 0) {
        throw new TransferError(
          'import_file_unreadable',
          `There are no *.secret files in ${basename(path)}. Choose the credential files Mastodon.py wrote.`
        )
      }
      files.push(...names.map((n) => join(path, n)))
    }
  }
  const unique = [...new Set(files)]
  return Promise.all(unique.map(readOne))
}

async function readOne(path: string): Promise<ReadSource> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw unreadable(path, error)
  })
  if (!info.isFile())
    throw new TransferError('import_file_unreadable', `${basename(path)} is not a file.`)
  if (info.size > MAX_IMPORT_FILE_BYTES) {
    throw new TransferError(
      'import_file_too_large',
      `${basename(path)} is ${Math.round(info.size / 1024)} KB; credential files are a few hundred bytes. Choose the right file.`
    )
  }
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw unreadable(path, error)
  })
  return {
    path,
    name: path,
    text: bytes.toString('utf8'),
    sha256: createHash('sha256').update(bytes).digest('hex')
  }
}

function unreadable(path: string, error: NodeJS.ErrnoException): TransferError {
  const why =
    error.code === 'ENOENT'
      ? 'does not exist'
      : error.code === 'EACCES' || error.code === 'EPERM'
        ? 'cannot be read (permission denied)'
        : `cannot be read (${error.code ?? 'error'})`
  return new TransferError('import_file_unreadable', `${basename(path)} ${why}.`)
}
