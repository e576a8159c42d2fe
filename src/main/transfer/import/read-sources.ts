import { createHash } from 'node:crypto'
import { readdir, readFile, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
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
  // Each file with the name it is known by in messages: as the person gave it (`shown`).
  const files = new Map<string, string>()
  for (const raw of paths) {
    const path = resolve(raw)
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      throw unreadable(raw, error)
    })
    if (!info.isDirectory()) files.set(path, files.get(path) ?? raw)
    else if (source === 'toot') {
      const config = join(path, 'config.json')
      files.set(config, files.get(config) ?? join(raw, 'config.json'))
    } else {
      const names = (await readdir(path)).filter((n) => n.endsWith('.secret')).sort()
      if (names.length === 0) {
        throw new TransferError(
          'import_file_unreadable',
          `There are no *.secret files in ${raw}. Choose the credential files Mastodon.py wrote.`
        )
      }
      for (const n of names) files.set(join(path, n), files.get(join(path, n)) ?? join(raw, n))
    }
  }
  return Promise.all([...files].map(([path, shown]) => readOne(path, shown)))
}

async function readOne(path: string, shown: string): Promise<ReadSource> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw unreadable(shown, error)
  })
  if (!info.isFile()) throw new TransferError('import_file_unreadable', `${shown} is not a file.`)
  if (info.size > MAX_IMPORT_FILE_BYTES) {
    throw new TransferError(
      'import_file_too_large',
      `${shown} is ${Math.round(info.size / 1024)} KB; credential files are a few hundred bytes. Choose the right file.`
    )
  }
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw unreadable(shown, error)
  })
  return {
    path,
    name: shown,
    text: bytes.toString('utf8'),
    sha256: createHash('sha256').update(bytes).digest('hex')
  }
}

/** Names the path as it was given (the CLI: as typed; the app: the picker's full path). */
function unreadable(shown: string, error: NodeJS.ErrnoException): TransferError {
  const why =
    error.code === 'ENOENT'
      ? 'does not exist'
      : error.code === 'EACCES' || error.code === 'EPERM'
        ? 'cannot be read (permission denied)'
        : `cannot be read (${error.code ?? 'error'})`
  return new TransferError('import_file_unreadable', `${shown} ${why}.`)
}
