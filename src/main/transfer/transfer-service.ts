import type { Logger } from '../logging/logger'
import type { ImportReport, ImportSource, RestoreReport } from '@shared/domain/transfer'
import type { AccountChecker } from './account-check'
import { TransferError } from './errors'
import { decryptExport, encryptExport, type ScryptParams } from './export/export-file'
import { readExportFile, writeExportFile } from './export/export-io'
import { buildPayload, mendExportedInstants, readPayload } from './export/payload'
import { restoreAccounts, type RestoreVault } from './export/restore-accounts'
import { ImportedFiles } from './imported-files'
import { importAccounts } from './import/import-accounts'
import type { SourceFile } from './import/candidate'
import { readSources } from './import/read-sources'
import { systemClock, type Clock } from '../clock'

export interface TransferServiceDeps {
  vault: RestoreVault & { storageInfo(): { canSaveSecrets: boolean; description: string } }
  checker: AccountChecker
  log: Logger
  clock?: Clock
  /** Tests only: cheaper scrypt parameters for the error cases (the default is STRONG_SCRYPT). */
  scrypt?: ScryptParams
}

export interface ExportResult {
  path: string
  accounts: number
  /** Accounts whose token this computer's keychain cannot open: not in the export. */
  skipped: string[]
}

/** Import from other tools' files (and, from the same place, export and restore). */
export class TransferService {
  readonly #imported = new ImportedFiles()

  constructor(private readonly deps: TransferServiceDeps) {}

  /** From files on this computer (Settings → Import accounts…). */
  async importPaths(source: ImportSource, paths: readonly string[]): Promise<ImportReport> {
    this.#assertCanSave()
    const files = await readSources(source, paths)
    const report = await this.#import(source, files)
    for (const file of report.files) {
      const read = files.find((f) => f.path === file.path)
      if (file.deletable && read) this.#imported.remember(read.path, read.sha256)
    }
    return report
  }

  /** From file contents a local script sent (the CLI, through the endpoint): nothing to delete. */
  importContents(source: ImportSource, files: readonly SourceFile[]): Promise<ImportReport> {
    this.#assertCanSave()
    return this.#import(source, files)
  }

  /** Deletes a plaintext file the last imports fully brought in; refuses any other path. */
  async deleteImported(path: string): Promise<void> {
    await this.#imported.delete(path)
    this.deps.log.info('imported file deleted')
  }

  /** Writes every account, token and app registration, encrypted with the passphrase. */
  async exportTo(path: string, passphrase: string, confirmation: string): Promise<ExportResult> {
    if (passphrase !== confirmation) {
      throw new TransferError(
        'passphrase_mismatch',
        'The two passphrases are not the same. Type the passphrase twice, exactly alike.'
      )
    }
    const snapshot = this.deps.vault.transferSnapshot()
    const payload = buildPayload(snapshot, (this.deps.clock ?? systemClock).now())
    const bytes = await encryptExport(
      Buffer.from(JSON.stringify(payload), 'utf8'),
      passphrase,
      this.deps.scrypt
    )
    const written = await writeExportFile(path, bytes)
    this.deps.log.info('export written', {
      accounts: payload.accounts.length,
      skipped: snapshot.unreadable.length
    })
    return { path: written, accounts: payload.accounts.length, skipped: snapshot.unreadable }
  }

  /** Opens an export with its passphrase and merges it into this computer's accounts. */
  async restoreFrom(path: string, passphrase: string): Promise<RestoreReport> {
    this.#assertCanSave()
    const payload = mendExportedInstants(
      readPayload(await decryptExport(await readExportFile(path), passphrase)),
      (this.deps.clock ?? systemClock).now()
    )
    const report = await restoreAccounts(payload, this.deps)
    const tally: Record<string, number> = {}
    for (const item of report.items) tally[item.outcome] = (tally[item.outcome] ?? 0) + 1
    this.deps.log.info('restore finished', tally)
    return report
  }

  async #import(
    source: ImportSource,
    files: ReadonlyArray<SourceFile & { path?: string }>
  ): Promise<ImportReport> {
    const report = await importAccounts(source, files, this.deps)
    this.deps.log.info('import finished', { source, ...report.counts })
    return report
  }

  #assertCanSave(): void {
    const storage = this.deps.vault.storageInfo()
    if (!storage.canSaveSecrets) {
      throw new TransferError(
        'encryption_unavailable',
        `Fedivault cannot protect imported sign-ins: ${storage.description}. Make your system keychain available, or allow plaintext storage in Settings.`
      )
    }
  }
}
