import { DomainError } from '../../domain-error'

export type AppErrorCode =
  | 'store_read_only'
  | 'encryption_unavailable'
  /** A browser sign-in that finished, was cancelled, or never started. */
  | 'unknown_flow'
  | 'script_access_off'
  /** Start at login or the keyring choice could not be changed (the message says why). */
  | 'desktop_setting_failed'

/** An error the renderer may show as is: a stable code and a message that says what to do next. */
export class AppError extends DomainError<AppErrorCode> {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    override readonly step?: string
  ) {
    super(message)
    this.name = 'AppError'
  }
}
