import { DomainError } from '../domain-error'

/**
 * Refusals of the import, export and restore flows. Codes are stable (the renderer maps them to
 * titles); messages say what to do next and never contain a token, a secret or a passphrase.
 */
export type TransferErrorCode =
  | 'import_file_unreadable'
  | 'import_file_too_large'
  | 'not_an_imported_file'
  | 'imported_file_changed'
  | 'passphrase_mismatch'
  | 'export_wrong_passphrase'
  | 'export_damaged'
  | 'export_unsupported_version'
  | 'not_an_export'
  | 'export_file_unwritable'
  | 'no_file_dialog'
  | 'encryption_unavailable'

export class TransferError extends DomainError<TransferErrorCode> {
  constructor(
    readonly code: TransferErrorCode,
    message: string
  ) {
    super(message)
    this.name = 'TransferError'
  }
}
