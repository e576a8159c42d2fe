import type { Handlers } from '../router'
import { TransferError } from '../../transfer/errors'
import type { FileDialogs } from '../../transfer/file-dialogs'
import type { TransferService } from '../../transfer/transfer-service'

type TransferChannel = Extract<keyof Handlers, `transfer:${string}`>

export const EXPORT_EXTENSION = 'fedivault-export'

/**
 * The `transfer:*` channels. Passphrases arrive here, go to the service and are not kept; the
 * answers name files and accounts only.
 */
export function transferHandlers(deps: {
  service: TransferService
  dialogs?: FileDialogs
  /** toot's config.json on this computer, for the picker to start in. */
  tootConfigPath: string
  documentsDir?: string
}): Pick<Handlers, TransferChannel> {
  const dialogs = (): FileDialogs => {
    if (deps.dialogs) return deps.dialogs
    throw new TransferError('no_file_dialog', 'No file dialog here: type the path instead.')
  }
  const exportFilter = [{ name: 'Fedivault export', extensions: [EXPORT_EXTENSION] }]
  return {
    'transfer:chooseImportFiles': async ({ source }) => ({
      paths: await dialogs().openFiles(
        source === 'toot'
          ? {
              title: 'Import accounts from toot',
              defaultPath: deps.tootConfigPath,
              multiple: false,
              filters: [{ name: 'toot configuration', extensions: ['json'] }]
            }
          : {
              title: 'Import accounts from Mastodon.py credential files',
              defaultPath: deps.documentsDir,
              multiple: true,
              filters: [
                { name: 'Mastodon.py credentials', extensions: ['secret'] },
                { name: 'All files', extensions: ['*'] }
              ]
            }
      )
    }),
    'transfer:import': ({ source, paths }) => deps.service.importPaths(source, paths),
    'transfer:deleteImported': async ({ path }) => {
      await deps.service.deleteImported(path)
      return { deleted: true }
    },
    'transfer:chooseExportFile': async () => ({
      path: await dialogs().saveFile({
        title: 'Export accounts',
        defaultPath: `fedivault-accounts.${EXPORT_EXTENSION}`,
        filters: exportFilter
      })
    }),
    'transfer:export': ({ path, passphrase, confirmation }) =>
      deps.service.exportTo(path, passphrase, confirmation),
    'transfer:chooseRestoreFile': async () => ({
      path:
        (
          await dialogs().openFiles({
            title: 'Restore accounts from an export',
            multiple: false,
            filters: exportFilter
          })
        )[0] ?? null
    }),
    'transfer:restore': ({ path, passphrase }) => deps.service.restoreFrom(path, passphrase)
  }
}
