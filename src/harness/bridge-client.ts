import { buildApi, type Transport } from '@shared/ipc/api'
import type { Channel } from '@shared/ipc/contract'
import type { IpcResult } from '@shared/ipc/result'

/**
 * Browser side of the harness: the same `window.api` the preload exposes in Electron, carried over
 * a WebSocket. The per-run secret arrives in the URL fragment (never sent to the server in a
 * request line) and is removed from the address bar at once.
 */
declare global {
  interface Window {
    api: ReturnType<typeof buildApi>
  }
}

const fragment = new URLSearchParams(location.hash.slice(1))
const secret = fragment.get('k') ?? sessionStorage.getItem('fedivault-harness-key') ?? ''
// Kept for this tab only, so a reload still connects; gone when the tab closes.
if (secret) sessionStorage.setItem('fedivault-harness-key', secret)
if (location.hash) history.replaceState(null, '', location.pathname + location.search)

type ServerMessage =
  | { t: 'result'; id: number; result: IpcResult<unknown> }
  | { t: 'event'; event: string; payload: unknown }

const pending = new Map<number, (r: IpcResult<unknown>) => void>()
const eventListeners = new Set<(event: string, payload: unknown) => void>()
const outbox: string[] = []
let nextId = 1
let open = false

const socket = new WebSocket(`ws://${location.host}/__harness/ws`, [`fedivault.${secret}`])
socket.addEventListener('open', () => {
  open = true
  for (const m of outbox.splice(0)) socket.send(m)
})
socket.addEventListener('message', (e) => {
  const msg = JSON.parse(String(e.data)) as ServerMessage
  if (msg.t === 'result') {
    pending.get(msg.id)?.(msg.result)
    pending.delete(msg.id)
  } else {
    for (const l of eventListeners) l(msg.event, msg.payload)
  }
})
socket.addEventListener('close', () => {
  open = false
  for (const resolve of pending.values()) {
    resolve({
      ok: false,
      error: { code: 'disconnected', message: 'Lost the connection to Fedivault. Reload the page.' }
    })
  }
  pending.clear()
})

function send(message: unknown): void {
  const text = JSON.stringify(message)
  if (open) socket.send(text)
  else outbox.push(text)
}

const transport: Transport = {
  invoke(channel: Channel, request: unknown) {
    const id = nextId++
    return new Promise((resolve) => {
      pending.set(id, resolve)
      send({ t: 'invoke', id, channel, payload: request })
    })
  },
  listen(listener) {
    eventListeners.add(listener)
    return () => eventListeners.delete(listener)
  },
  ready: () => send({ t: 'ready' })
}

window.api = Object.freeze(buildApi(transport))
