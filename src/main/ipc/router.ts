import {
  contract,
  isChannel,
  type Channel,
  type Request,
  type Response
} from '@shared/ipc/contract'
import { ipcErrorCodeSchema } from '@shared/ipc/error-codes'
import type { IpcError, IpcResult } from '@shared/ipc/result'
import { DomainError } from '../domain-error'

/** One handler per contract channel; the type makes a missing channel a compile error. */
export type Handlers = {
  [C in Channel]: (request: Request<C>) => Promise<Response<C>> | Response<C>
}

export interface RouterOptions {
  /** Called with unexpected (non-domain) errors, for the log; the renderer only gets `internal`. */
  onUnexpectedError?: (channel: string, error: unknown) => void
}

/**
 * The transport-neutral half of the IPC gateway. Transports (Electron ipcMain, the harness
 * WebSocket) check the sender first, then hand the raw channel and payload here: the payload is
 * validated against the contract, the service called, and the answer validated (and stripped of
 * unknown keys) against the response schema.
 */
export function createRouter(handlers: Handlers, options: RouterOptions = {}) {
  return async function dispatch(channel: unknown, payload: unknown): Promise<IpcResult<unknown>> {
    if (!isChannel(channel)) {
      return { ok: false, error: { code: 'unknown_channel', message: 'Unknown request.' } }
    }
    const spec = contract[channel]
    const parsed = spec.request.safeParse(payload)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue?.path.length ? ` (${issue.path.join('.')})` : ''
      return {
        ok: false,
        error: { code: 'invalid_request', message: `Invalid request${where}: ${issue?.message}` }
      }
    }
    try {
      const handler = handlers[channel] as (r: unknown) => Promise<unknown> | unknown
      const data = await handler(parsed.data)
      const out = spec.response.safeParse(data)
      if (!out.success) {
        options.onUnexpectedError?.(channel, out.error)
        return {
          ok: false,
          error: { code: 'internal', message: 'The app produced an invalid answer.' }
        }
      }
      return { ok: true, data: out.data }
    } catch (error) {
      return { ok: false, error: toIpcError(channel, error, options) }
    }
  }
}

export type Dispatch = ReturnType<typeof createRouter>

/**
 * Only a `DomainError` whose code is in the IPC vocabulary crosses the boundary with its code,
 * message, step and retry delay. Anything else (a Node error naming a file, a bug) is reported to
 * `onUnexpectedError` for the log and reaches the renderer as `internal` with a plain message.
 */
export function toIpcError(channel: string, error: unknown, options: RouterOptions = {}): IpcError {
  if (error instanceof DomainError) {
    const code = ipcErrorCodeSchema.safeParse(error.code)
    if (code.success) {
      return {
        code: code.data,
        message: error.message || code.data,
        ...(typeof error.step === 'string' ? { step: error.step } : {}),
        ...(typeof error.retryAfterSeconds === 'number'
          ? { retryAfterSeconds: error.retryAfterSeconds }
          : {})
      }
    }
  }
  options.onUnexpectedError?.(channel, error)
  return { code: 'internal', message: 'Something went wrong inside Fedivault. Please try again.' }
}
