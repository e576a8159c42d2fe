/** Transport-level names shared by the preload, the Electron gateway and the harness bridge. */
export const EVENT_CHANNEL = 'fedivault:event'
export const READY_CHANNEL = 'fedivault:ready'

export interface WireEvent {
  event: string
  payload: unknown
}
