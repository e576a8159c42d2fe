// What the test asks the child running the built shell (driver.ts), and what it answers.

export type DriverRequest =
  | { op: 'snapshot' }
  | {
      op: 'invoke'
      channel: string
      payload?: unknown
      from: 'window' | 'another-webcontents' | 'navigated-frame'
    }
  | { op: 'response-headers'; url: string }
  | { op: 'permission'; permission: string }
  | { op: 'window-open'; url: string }
  | { op: 'navigate'; url: string }
  | { op: 'attach-webview'; url: string }
  | { op: 'tray-click'; id: string }
  | { op: 'notification-click'; index: number }
  /** What the preload sends once the page's listeners are attached: pushed events flow. */
  | { op: 'renderer-ready' }
  | { op: 'close-window' }
  | { op: 'quit' }

export interface ShellSnapshot {
  lockHeld: boolean
  secondInstances: number
  quitCalls: number
  windows: Array<{
    options: Record<string, unknown>
    url: string
    visible: boolean
    calls: string[]
    webContentsId: number
    windowOpenHandler: boolean
    listeners: Record<string, number>
    /** Events pushed to the page, in order. */
    events: Array<{ event: string; payload: unknown }>
  }>
  ipc: { handle: string[]; on: string[] }
  session: {
    permissionRequestHandler: boolean
    permissionCheckHandler: boolean
    headersListener: boolean
  }
  trays: Array<{
    /** The file the tray's image was loaded from. */
    image: string
    tooltip: string
    destroyed: boolean
    menu: Array<{
      id?: string
      type?: string
      label?: string
      checked?: boolean
      enabled?: boolean
    }>
  }>
  appEvents: string[]
  openedExternal: string[]
  notifications: Array<{ title: string; body: string; shown: boolean }>
  switches: Array<{ name: string; value?: string; beforeReady: boolean }>
  relaunches: Array<{ args?: string[] }>
  dockVisible: boolean
}
