import { lstatSync, rmSync } from 'node:fs'
import { basename, isAbsolute, join } from 'node:path'
import { runFolderMarker, runFolderPrefix } from '@shared/run-folder'

/**
 * Removes the private folder a `fedivault run` named when it minted its key, once the key's hold
 * has ended: the CLI removes it itself on any ordinary exit, but not when it was killed (kill -9),
 * and toot's config.json there holds the (now revoked) run key. Only a real directory (not a
 * link) named `fedivault-run-…`, owned by this user and holding the marker file, is removed.
 */
export function removeRunFolder(folder: string): boolean {
  if (!isAbsolute(folder) || !basename(folder).startsWith(runFolderPrefix)) return false
  try {
    const stat = lstatSync(folder)
    if (!stat.isDirectory()) return false
    if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) return false
    if (!lstatSync(join(folder, runFolderMarker)).isFile()) return false
    rmSync(folder, { recursive: true, force: true })
    return true
  } catch {
    // Already gone (the CLI removed it), or not ours to remove.
    return false
  }
}
