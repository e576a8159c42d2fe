import type { Dispatch } from './router'
import type { IpcResult } from '@shared/ipc/result'

/** The parts of an Electron IPC event the gateway looks at (kept structural so Node tests can build one). */
export interface SenderInfo {
  sender: { id: number }
  senderFrame: { url: string; parent?: unknown } | null
}

export interface TrustedWindow {
  webContentsId: number
  mainFrame: unknown
  /** Origins our renderer is loaded from (`file://` or the dev server). */
  allowedOrigins: string[]
}

/**
 * Only our own window's main frame may call main: not another window, not a sub-frame, not a
 * page that navigated somewhere else.
 */
export function isTrustedSender(event: SenderInfo, window: TrustedWindow | null): boolean {
  if (!window || !event.senderFrame) return false
  if (event.sender.id !== window.webContentsId) return false
  if (event.senderFrame !== window.mainFrame) return false
  return window.allowedOrigins.includes(originOf(event.senderFrame.url))
}

function originOf(url: string): string {
  try {
    const u = new URL(url)
    return u.protocol === 'file:' ? 'file://' : u.origin
  } catch {
    return ''
  }
}

export function createGateway(dispatch: Dispatch, getWindow: () => TrustedWindow | null) {
  return {
    handle(channel: string, event: SenderInfo, payload: unknown): Promise<IpcResult<unknown>> {
      if (!isTrustedSender(event, getWindow())) {
        return Promise.resolve({
          ok: false,
          error: { code: 'forbidden_sender', message: 'Request refused: unknown sender.' }
        })
      }
      return dispatch(channel, payload)
    },
    isTrusted(event: SenderInfo): boolean {
      return isTrustedSender(event, getWindow())
    }
  }
}
