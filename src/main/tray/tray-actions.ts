import type { TrayAction } from './tray-menu'

/** What the tray's items do, in terms of the app's own operations. */
export interface TrayActionPorts {
  /** Makes the account active; the token endpoint's default follows the active account. */
  switchAccount(accountId: string): Promise<unknown> | unknown
  setScriptAccess(enabled: boolean): Promise<unknown> | unknown
  /** Shows and focuses the main window, creating it if needed. */
  showWindow(): void
  /** Sends the renderer to a screen (the contract's `app:navigate` event). */
  navigate(to: 'add-account'): void
  quit(): void
}

/** The dispatcher TrayService calls with each clicked item's descriptor. */
export function trayActionHandler(ports: TrayActionPorts): (action: TrayAction) => Promise<void> {
  return async (action) => {
    switch (action.kind) {
      case 'switch':
        await ports.switchAccount(action.accountId)
        return
      case 'toggle-script-access':
        await ports.setScriptAccess(action.enable)
        return
      case 'open':
        ports.showWindow()
        return
      case 'add-account':
        // Window first: the renderer may be created by showWindow, and the event queue holds the
        // navigation until its listeners are ready.
        ports.showWindow()
        ports.navigate('add-account')
        return
      case 'quit':
        ports.quit()
        return
    }
  }
}
