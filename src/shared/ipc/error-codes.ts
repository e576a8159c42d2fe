import { z } from 'zod'

/**
 * Every error code the renderer can receive. The IPC router passes a thrown error's code only when
 * it is a `DomainError` with a code from this list; anything else reaches the renderer as
 * `internal`. A new code goes here and into the renderer's code → kind map (`lib/errors.ts`).
 */
export const IPC_ERROR_CODES = [
  // The router and the transports.
  'unknown_channel',
  'invalid_request',
  'forbidden_sender',
  'internal',
  /** The harness bridge lost its WebSocket (the renderer side reports it). */
  'disconnected',

  // The engine (FediverseErrorCode).
  'invalid_url',
  'insecure_url',
  'network',
  'timeout',
  'not_fediverse',
  'unsupported_server',
  'unsupported_grant',
  'invalid_credentials',
  'invalid_grant',
  'invalid_client',
  'unauthorized',
  'forbidden',
  'rate_limited',
  'server_error',
  'bad_response',
  'cancelled',

  // The vault (VaultErrorCode).
  'encryption_unavailable',
  'decrypt_failed',
  'unverified_account',
  'not_found',
  'no_active_account',
  'pending_removal',
  'invalid_order',
  'invalid_settings',
  'plaintext_secrets_present',
  'store_from_newer_version',
  'store_read_only',
  'unknown_secret_format',

  // The IPC handlers (AppError).
  'unknown_flow',
  'script_access_off',

  // Script keys (ScriptKeyErrorCode).
  'key_name_taken',
  'key_not_found',
  'invalid_key',

  // Import, export and restore (TransferErrorCode).
  'import_file_unreadable',
  'import_file_too_large',
  'not_an_imported_file',
  'imported_file_changed',
  'passphrase_mismatch',
  'export_wrong_passphrase',
  'export_damaged',
  'export_unsupported_version',
  'not_an_export',
  'export_file_unwritable',
  'no_file_dialog',

  // The desktop shell's settings (start at login, the Linux keyring).
  'desktop_setting_failed'
] as const

export const ipcErrorCodeSchema = z.enum(IPC_ERROR_CODES)
export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number]
