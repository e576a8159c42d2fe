import { DomainError } from '../domain-error'

export type ScriptKeyErrorCode =
  /** Another key that is not revoked already has this name. */
  | 'key_name_taken'
  | 'key_not_found'
  /** An expiry in the past, an empty account list after clean-up, … */
  | 'invalid_key'

/** A refusal from key management, with a message that says what to do next. */
export class ScriptKeyError extends DomainError<ScriptKeyErrorCode> {
  constructor(
    readonly code: ScriptKeyErrorCode,
    message: string
  ) {
    super(message)
    this.name = 'ScriptKeyError'
  }
}
