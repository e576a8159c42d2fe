import type { EventPayload, Request, Response } from './contract'
import { channels, isEventName, type Channel, type EventName } from './names'
import type { IpcResult } from './result'

/**
 * `window.api`: verbs grouped by namespace (`api.accounts.list()`), derived from the contract,
 * plus `on(event, listener) → unsubscribe` and `ready()`. Nothing else is exposed: no channel
 * strings, no ipcRenderer, no openExternal.
 */
type Namespace<C> = C extends `${infer N}:${string}` ? N : never
type Verb<C, N extends string> = C extends `${N}:${infer V}` ? V : never

type Call<C extends Channel> = [Request<C>] extends [undefined]
  ? () => Promise<IpcResult<Response<C>>>
  : (request: Request<C>) => Promise<IpcResult<Response<C>>>

export type Api = {
  [N in Namespace<Channel>]: { [V in Verb<Channel, N>]: Call<Extract<`${N}:${V}`, Channel>> }
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
  /** Tells main that listeners are in place: events queued until now are delivered. */
  ready(): void
}

/** How a particular process carries messages: Electron IPC in the preload, a WebSocket in the harness. */
export interface Transport {
  invoke(channel: Channel, request: unknown): Promise<IpcResult<unknown>>
  /** Receives every pushed event; returns a function that stops delivery. */
  listen(listener: (event: string, payload: unknown) => void): () => void
  ready(): void
}

export function buildApi(transport: Transport): Api {
  const api: Record<string, unknown> = {}
  for (const channel of channels) {
    const [ns, verb] = channel.split(':') as [string, string]
    const group = (api[ns] ??= {}) as Record<string, unknown>
    group[verb] = (request?: unknown) => transport.invoke(channel, request)
  }
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  let detach: (() => void) | undefined
  api.on = (event: unknown, listener: unknown) => {
    if (!isEventName(event) || typeof listener !== 'function') {
      throw new TypeError(`api.on: unknown event ${String(event)}`)
    }
    detach ??= transport.listen((name, payload) => {
      for (const l of listeners.get(name) ?? []) l(payload)
    })
    const set = listeners.get(event) ?? new Set()
    listeners.set(event, set)
    const wrapped = (payload: unknown) => (listener as (p: unknown) => void)(payload)
    set.add(wrapped)
    return () => {
      set.delete(wrapped)
    }
  }
  api.ready = () => transport.ready()
  return api as Api
}

export type { EventName, EventPayload }
