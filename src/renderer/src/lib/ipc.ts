import type { Api } from '@shared/ipc/api'
import type { IpcErrorCode } from '@shared/ipc/error-codes'
import type { IpcError, IpcResult } from '@shared/ipc/result'

/**
 * The only module that touches `window.api`. Every call is unwrapped: a successful answer returns
 * its data, a refusal is thrown as an `IpcFailure` carrying main's code, message and step, so the
 * store can use ordinary try/catch and still tell "the server is unreachable" from "wrong password".
 */

export class IpcFailure extends Error {
  readonly code: IpcErrorCode
  readonly step?: string
  readonly retryAfterSeconds?: number

  constructor(error: IpcError) {
    super(error.message)
    this.name = 'IpcFailure'
    this.code = error.code
    this.step = error.step
    this.retryAfterSeconds = error.retryAfterSeconds
  }
}

type Unwrap<F> = F extends (...args: infer A) => Promise<IpcResult<infer R>>
  ? (...args: A) => Promise<R>
  : never

type Namespaces = Exclude<keyof Api, 'on' | 'ready'>

export type IpcClient = {
  [N in Namespaces]: { [V in keyof Api[N]]: Unwrap<Api[N][V]> }
} & Pick<Api, 'on' | 'ready'>

export function createIpcClient(api: Api): IpcClient {
  const client: Record<string, unknown> = {
    on: api.on.bind(api),
    ready: () => api.ready()
  }
  for (const [ns, verbs] of Object.entries(api)) {
    if (typeof verbs !== 'object' || verbs === null) continue
    const group: Record<string, unknown> = {}
    for (const [verb, call] of Object.entries(verbs as Record<string, unknown>)) {
      if (typeof call !== 'function') continue
      group[verb] = async (request?: unknown) => {
        const result = (await call(request)) as IpcResult<unknown>
        if (result.ok) return result.data
        throw new IpcFailure(result.error)
      }
    }
    client[ns] = group
  }
  return client as IpcClient
}

/** Turns anything thrown into something the UI can show; unexpected errors get a generic text. */
export function toFailure(error: unknown): IpcFailure {
  if (error instanceof IpcFailure) return error
  return new IpcFailure({
    code: 'internal',
    message: 'Something went wrong inside Fedivault. Please try again.'
  })
}

/** `window.api` is absent when the page is opened outside the app (or the preload failed). */
export function hasWindowApi(): boolean {
  return typeof window !== 'undefined' && typeof window.api === 'object' && window.api !== null
}
