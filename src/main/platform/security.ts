import { app, session, shell, type WebContents } from 'electron'
import { isSafeExternalUrl } from './external-url'

export const APP_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data: https: http://127.0.0.1:* http://localhost:*; connect-src 'self'; " +
  "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'"

export async function openExternalSafely(url: string): Promise<void> {
  if (!isSafeExternalUrl(url)) throw new Error('Only http and https links can be opened.')
  await shell.openExternal(url)
}

/**
 * App-wide guards, applied to every webContents ever created: no webviews, no new windows, no
 * navigation away from the app (http/https links go to the system browser instead), and every
 * permission request denied.
 */
export function installSecurityGuards(): void {
  const ses = session.defaultSession
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [APP_CSP] }
    })
  })
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-attach-webview', (e) => e.preventDefault())
    contents.setWindowOpenHandler(({ url }) => {
      if (isSafeExternalUrl(url)) void shell.openExternal(url)
      return { action: 'deny' }
    })
    contents.on('will-navigate', (e, url) => {
      if (url === contents.getURL()) return
      e.preventDefault()
      if (isSafeExternalUrl(url)) void shell.openExternal(url)
    })
    contents.on('will-redirect', (e) => e.preventDefault())
  })
}
