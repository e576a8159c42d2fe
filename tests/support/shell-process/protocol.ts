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
  }>
  ipc: { handle: string[]; on: string[] }
  session: {
    permissionRequestHandler: boolean
    permissionCheckHandler: boolean
    headersListener: boolean
  }
  trays: Array<{
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
}
