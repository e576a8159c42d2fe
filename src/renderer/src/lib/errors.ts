import type { IpcErrorCode } from '@shared/ipc/error-codes'
import type { IpcFailure } from './ipc'

/** A failure as the store keeps it: plain data, so it can be compared, rendered and tested. */
export interface UiError {
  code: string
  message: string
  step?: string
  retryAfterSeconds?: number
}

export function toUiError(failure: IpcFailure): UiError {
  return {
    code: failure.code,
    message: failure.message,
    ...(failure.step ? { step: failure.step } : {}),
    ...(failure.retryAfterSeconds !== undefined
      ? { retryAfterSeconds: failure.retryAfterSeconds }
      : {})
  }
}

// Code families, keyed by the codes main can send (a code it never sends fails the type check).
// Main's messages already say what to do next; the title only has to name the problem, so other
// codes fall back to a title chosen by the step that failed.
const KIND_BY_CODE: Partial<Record<IpcErrorCode, ErrorKind>> = {
  network: 'unreachable',
  timeout: 'unreachable',
  invalid_url: 'bad_address',
  insecure_url: 'bad_address',
  not_fediverse: 'not_fediverse',
  unsupported_server: 'unsupported_server',
  unsupported_grant: 'password_unavailable',
  invalid_credentials: 'bad_credentials',
  invalid_grant: 'bad_credentials',
  rate_limited: 'rate_limited',
  server_error: 'server_error',
  bad_response: 'server_error',
  disconnected: 'disconnected',
  key_name_taken: 'script_key',
  key_not_found: 'script_key',
  invalid_key: 'script_key'
}

export type ErrorKind =
  | 'unreachable'
  | 'bad_address'
  | 'not_fediverse'
  | 'unsupported_server'
  | 'password_unavailable'
  | 'bad_credentials'
  | 'rate_limited'
  | 'server_error'
  | 'disconnected'
  | 'script_key'
  | 'other'

export function errorKind(error: UiError): ErrorKind {
  const kind = KIND_BY_CODE[error.code as IpcErrorCode]
  if (kind) return kind
  return error.retryAfterSeconds !== undefined ? 'rate_limited' : 'other'
}

const TITLES: Record<Exclude<ErrorKind, 'other'>, string> = {
  unreachable: "Can't reach the server",
  bad_address: 'Check the address',
  not_fediverse: "This doesn't look like a fediverse server",
  unsupported_server: "Fedivault can't sign in to this kind of server",
  password_unavailable: 'Password sign-in is not available here',
  bad_credentials: 'Sign-in was refused',
  rate_limited: 'The server asks us to slow down',
  server_error: 'The server had a problem',
  disconnected: 'Lost the connection to Fedivault',
  script_key: 'The script key was not saved'
}

const STEP_TITLES: Record<string, string> = {
  parse_input: 'Check the address',
  resolve_handle: "Couldn't find that handle",
  discover: "Couldn't look up the server",
  nodeinfo: "Couldn't look up the server",
  instance: "Couldn't look up the server",
  oauth_metadata: "Couldn't look up the server",
  register_app: "Couldn't register Fedivault with the server",
  check_app: "Couldn't register Fedivault with the server",
  authorize: 'The server did not authorize Fedivault',
  request_token: "Couldn't get access from the server",
  exchange_code: "Couldn't get access from the server",
  verify_credentials: "Couldn't verify the account",
  waiting_for_browser: 'Browser sign-in did not finish',
  revoke_token: "Couldn't revoke the token on the server"
}

// Import, export and restore refusals: main's message says what to do, the title names it.
const CODE_TITLES: Partial<Record<IpcErrorCode, string>> = {
  import_file_unreadable: "Couldn't read that file",
  import_file_too_large: 'That is not a credential file',
  not_an_imported_file: 'Fedivault did not import that file',
  imported_file_changed: 'The file changed since the import',
  passphrase_mismatch: "The passphrases don't match",
  export_wrong_passphrase: 'Wrong passphrase',
  export_damaged: 'The export file is damaged',
  export_unsupported_version: 'This export is from a newer Fedivault',
  not_an_export: 'Not a Fedivault export',
  export_file_unwritable: "Couldn't save the export",
  no_file_dialog: 'No file dialog here',
  desktop_setting_failed: "Couldn't change that setting"
}

export function errorTitle(error: UiError, fallback = 'Something went wrong'): string {
  const titled = CODE_TITLES[error.code as IpcErrorCode]
  if (titled) return titled
  const kind = errorKind(error)
  if (kind !== 'other') return TITLES[kind]
  return (error.step && STEP_TITLES[error.step]) || fallback
}

// What to do next, for problems whose message from main names the failure but not the remedy.
// Sign-in refusals are left out: main's message for those already says what to do.
const NEXT_STEPS: Partial<Record<ErrorKind, string>> = {
  unreachable: 'Check the address and your internet connection, then try again.',
  bad_address: 'Type a domain such as mastodon.social, or a handle such as @you@mastodon.social.',
  not_fediverse:
    'Type the address of the server your account is on: in @you@example.social it is example.social.',
  unsupported_server: 'Fedivault works with servers that speak the Mastodon client API.',
  server_error: 'The problem is on the server’s side; try again in a few minutes.',
  disconnected: 'Reload the window.'
}

export function nextStep(error: UiError): string | undefined {
  return NEXT_STEPS[errorKind(error)]
}

const PLAIN: Partial<Record<ErrorKind, string>> = {
  unreachable: 'Fedivault could not reach that server.',
  not_fediverse: 'That address answers, but not as a server Fedivault can sign in to.',
  unsupported_server: 'That server does not offer what Fedivault needs to sign in.',
  server_error: 'The server answered with an error.'
}

/**
 * The failure in plain words, for kinds whose message from main is technical (it names documents
 * and status codes); null when main's message is the plain one. The technical message then goes
 * under "Details".
 */
export function plainMessage(error: UiError): string | null {
  return PLAIN[errorKind(error)] ?? null
}
