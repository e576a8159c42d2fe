import { contextBridge, ipcRenderer } from 'electron'
import { buildApi, type Transport } from '@shared/ipc/api'
import { EVENT_CHANNEL, READY_CHANNEL, type WireEvent } from '@shared/ipc/wire'

// Verbs only: the renderer never gets ipcRenderer, a channel name or openExternal.
const transport: Transport = {
  invoke: (channel, request) => ipcRenderer.invoke(channel, request),
  listen(listener) {
    const onEvent = (_e: unknown, message: WireEvent) => listener(message.event, message.payload)
    ipcRenderer.on(EVENT_CHANNEL, onEvent)
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, onEvent)
  },
  ready: () => ipcRenderer.send(READY_CHANNEL)
}

contextBridge.exposeInMainWorld('api', buildApi(transport))
