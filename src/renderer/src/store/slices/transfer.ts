import type { StateCreator } from 'zustand/vanilla'
import type { ImportReport, ImportSource, RestoreReport } from '@shared/domain/transfer'
import { toUiError, type UiError } from '@renderer/lib/errors'
import { toFailure, type IpcClient } from '@renderer/lib/ipc'

type Run<T> =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'done'; result: T }
  | { status: 'error'; error: UiError }

export interface ExportResult {
  path: string
  accounts: number
  skipped: string[]
}

/**
 * Import, export and restore. Passphrases are arguments of the calls that use them and are
 * never put in the store.
 */
export interface TransferSlice {
  importRun: Run<ImportReport>
  /** Files the person chose to delete after an import, and how that went. */
  deletedFiles: Record<string, 'deleting' | 'deleted' | UiError>
  exportRun: Run<ExportResult>
  restoreRun: Run<RestoreReport>
  /** The desktop shell's file pickers; [] / null when the person cancelled. */
  chooseImportFiles(source: ImportSource): Promise<string[]>
  chooseExportFile(): Promise<string | null>
  chooseRestoreFile(): Promise<string | null>
  runImport(source: ImportSource, paths: string[]): Promise<void>
  deleteImportedFile(path: string): Promise<void>
  runExport(path: string, passphrase: string, confirmation: string): Promise<void>
  runRestore(path: string, passphrase: string): Promise<void>
  resetTransfer(which: 'import' | 'export' | 'restore'): void
}

// Typed against the slice alone, so it composes into AppState without a circular import.
export function createTransferSlice<S extends TransferSlice>(
  client: IpcClient
): StateCreator<S, [], [], TransferSlice> {
  return (set, get) => {
    const patch = (p: Partial<TransferSlice>) => set(p as Partial<S>)
    async function track<T>(
      key: 'importRun' | 'exportRun' | 'restoreRun',
      work: () => Promise<T>
    ): Promise<void> {
      if (get()[key].status === 'running') return
      patch({ [key]: { status: 'running' } })
      try {
        patch({ [key]: { status: 'done', result: await work() } })
      } catch (error) {
        patch({ [key]: { status: 'error', error: toUiError(toFailure(error)) } })
      }
    }
    const pick = async <T>(work: () => Promise<T>, none: T): Promise<T> => {
      try {
        return await work()
      } catch {
        return none
      }
    }
    return {
      importRun: { status: 'idle' },
      deletedFiles: {},
      exportRun: { status: 'idle' },
      restoreRun: { status: 'idle' },

      chooseImportFiles: (source) =>
        pick(async () => (await client.transfer.chooseImportFiles({ source })).paths, []),
      chooseExportFile: () =>
        pick(async () => (await client.transfer.chooseExportFile()).path, null),
      chooseRestoreFile: () =>
        pick(async () => (await client.transfer.chooseRestoreFile()).path, null),

      runImport: (source, paths) =>
        track('importRun', () => {
          patch({ deletedFiles: {} })
          return client.transfer.import({ source, paths })
        }),

      async deleteImportedFile(path) {
        patch({ deletedFiles: { ...get().deletedFiles, [path]: 'deleting' } })
        try {
          await client.transfer.deleteImported({ path })
          patch({ deletedFiles: { ...get().deletedFiles, [path]: 'deleted' } })
        } catch (error) {
          patch({ deletedFiles: { ...get().deletedFiles, [path]: toUiError(toFailure(error)) } })
        }
      },

      runExport: (path, passphrase, confirmation) =>
        track('exportRun', () => client.transfer.export({ path, passphrase, confirmation })),

      runRestore: (path, passphrase) =>
        track('restoreRun', () => client.transfer.restore({ path, passphrase })),

      resetTransfer(which) {
        patch({ [`${which}Run`]: { status: 'idle' } } as Partial<TransferSlice>)
        if (which === 'import') patch({ deletedFiles: {} })
      }
    }
  }
}
