import { buildApi, type Transport } from '@shared/ipc/api'
import {
  channels,
  type Channel,
  type EventName,
  type EventPayload,
  type Request,
  type Response
} from '@shared/ipc/contract'
import type { IpcErrorCode } from '@shared/ipc/error-codes'
import type { IpcResult } from '@shared/ipc/result'
import { DomainError } from '../../../../src/main/domain-error'
import { createRouter, type Handlers as RouterHandlers } from '../../../../src/main/ipc/router'
import { createIpcClient } from '../../../../src/renderer/src/lib/ipc'
import { createAppStore } from '../../../../src/renderer/src/store'

type Handler<C extends Channel> = (request: Request<C>) => Response<C> | Promise<Response<C>>
export type Handlers = { [C in Channel]?: Handler<C> }

/** A domain error as main's services throw it: the real router turns it into the result. */
export class MainError extends DomainError {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
    override readonly step?: string
  ) {
    super(message)
  }
}

/**
 * Main, faked in memory: the real `buildApi` over a transport that hands every request to the
 * real `createRouter` (payload and answer checked against the contract, errors passed as main
 * passes them), with handlers the test supplies. Every request is recorded, so tests can assert
 * what the renderer sent (and that a password was sent, but not kept).
 */
export function fakeMain(handlers: Handlers = {}) {
  const calls: { channel: Channel; request: unknown }[] = []
  const listeners = new Set<(event: string, payload: unknown) => void>()
  let readyCalls = 0
  const all = Object.fromEntries(
    channels.map((channel) => [
      channel,
      (request: unknown) => {
        const handler = handlers[channel] as ((r: unknown) => unknown) | undefined
        if (!handler) throw new Error(`${channel} is not faked`)
        return handler(request)
      }
    ])
  ) as RouterHandlers
  const dispatch = createRouter(all)
  const transport: Transport = {
    async invoke(channel, request): Promise<IpcResult<unknown>> {
      calls.push({ channel, request })
      return dispatch(channel, request)
    },
    listen(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    ready() {
      readyCalls++
    }
  }
  const api = buildApi(transport)
  const client = createIpcClient(api)
  return {
    api,
    client,
    store: createAppStore(client),
    calls,
    callsTo: (channel: Channel) => calls.filter((c) => c.channel === channel).map((c) => c.request),
    emit<E extends EventName>(event: E, payload: EventPayload<E>) {
      for (const l of listeners) l(event, payload)
    },
    get readyCalls() {
      return readyCalls
    },
    get listenerCount() {
      return listeners.size
    }
  }
}

/** A promise the test settles by hand, for answers that must arrive at a chosen moment. */
export function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/** Lets pending promise callbacks run. */
export const flush = () => new Promise((r) => setTimeout(r, 0))
