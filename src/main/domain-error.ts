import type { IpcErrorCode } from '@shared/ipc/error-codes'

/**
 * The base of every error main may show the person: a code from the IPC vocabulary
 * (`src/shared/ipc/error-codes.ts`) and a message that says what to do next, never a token, a
 * secret or a file path. The IPC router passes these on; anything else becomes `internal`.
 */
export abstract class DomainError<C extends IpcErrorCode = IpcErrorCode> extends Error {
  abstract readonly code: C
  /** The step that failed, when the UI can name it. */
  declare readonly step?: string
  /** Set when the server asked us to wait. */
  declare readonly retryAfterSeconds?: number
}
