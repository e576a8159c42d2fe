import { ipcMain, type BrowserWindow, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron'
import { channels } from '@shared/ipc/contract'
import { EVENT_CHANNEL, READY_CHANNEL } from '@shared/ipc/wire'
import { createGateway, type TrustedWindow } from '../ipc/gateway'
import type { EventQueue } from '../ipc/push'
import type { Dispatch } from '../ipc/router'

/** Registers every contract channel on ipcMain behind the sender check, and wires pushed events. */
export function registerIpc(
  dispatch: Dispatch,
  events: EventQueue,
  getWindow: () => BrowserWindow | null,
  appOrigins: string[]
): void {
  const trusted = (): TrustedWindow | null => {
    const win = getWindow()
    if (!win || win.isDestroyed()) return null
    return {
      webContentsId: win.webContents.id,
      mainFrame: win.webContents.mainFrame,
      allowedOrigins: appOrigins
    }
  }
  const gateway = createGateway(dispatch, trusted)
  for (const channel of channels) {
    ipcMain.removeHandler(channel)
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) =>
      gateway.handle(channel, event, payload)
    )
  }
  ipcMain.on(READY_CHANNEL, (event: IpcMainEvent) => {
    if (gateway.isTrusted(event)) events.ready()
  })
}

/** Points the event queue at a window; a reload detaches it until the new page says ready. */
export function attachWindowEvents(events: EventQueue, win: BrowserWindow): void {
  const attach = () =>
    events.attach((event, payload) => {
      if (!win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, { event, payload })
    })
  attach()
  win.webContents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) attach()
  })
  win.on('closed', () => events.detach())
}
