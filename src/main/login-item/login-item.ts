import type { StartupInfo } from '@shared/domain/settings'
import { HIDDEN_ARG } from './hidden-start'
import type { LoginItem } from './types'
import { autostartFile, xdgAutostartLoginItem } from './xdg-autostart'

export type { LoginItem } from './types'

/** The part of Electron's `app` used on macOS and Windows (Electron's `app` fits). */
export interface LoginItemSettingsPort {
  getLoginItemSettings(options?: { path?: string; args?: string[] }): {
    openAtLogin: boolean
    /** macOS 13+: `requires-approval` when System Settings holds it back. */
    status?: string
  }
  setLoginItemSettings(settings: {
    openAtLogin: boolean
    openAsHidden?: boolean
    path?: string
    args?: string[]
  }): void
}

export interface LoginItemOptions {
  platform: NodeJS.Platform
  port: LoginItemSettingsPort
  env: Record<string, string | undefined>
  home: string
  execPath: string
  /** Unpackaged (npm run dev), Electron needs the app's folder as its first argument. */
  appPath?: string
}

/** The command a start at login runs: the AppImage itself when there is one (execPath is inside its mount). */
export function loginCommand(options: LoginItemOptions): string[] {
  const executable =
    options.platform === 'linux' && options.env.APPIMAGE ? options.env.APPIMAGE : options.execPath
  return [executable, ...(options.appPath ? [options.appPath] : []), HIDDEN_ARG]
}

/**
 * macOS and Windows through Electron's login item, Linux through an XDG autostart file. On Windows
 * the entry is keyed by path and arguments, which must be passed again to read it back; macOS
 * passes no arguments to login items, so `openAsHidden` (macOS < 13) and `wasOpenedAtLogin` say
 * it was a start at login instead.
 */
export function createLoginItem(options: LoginItemOptions): LoginItem {
  const [path, ...args] = loginCommand(options)
  if (options.platform === 'linux') {
    return xdgAutostartLoginItem({
      file: autostartFile(options.env, options.home),
      argv: () => loginCommand(options)
    })
  }
  if (options.platform !== 'darwin' && options.platform !== 'win32') {
    return unavailableLoginItem(`Starting at login is not supported on ${options.platform}.`)
  }
  const windows = options.platform === 'win32'
  const query = windows ? { path, args } : undefined
  const status = (): StartupInfo => {
    const current = options.port.getLoginItemSettings(query)
    const approval =
      current.status === 'requires-approval'
        ? 'macOS holds it until you allow Fedivault in System Settings → General → Login Items.'
        : undefined
    return {
      available: true,
      openAtLogin: current.openAtLogin,
      mechanism: 'login-item',
      ...(approval ? { detail: approval } : {})
    }
  }
  return {
    status,
    set(openAtLogin) {
      options.port.setLoginItemSettings(
        windows ? { openAtLogin, path, args } : { openAtLogin, openAsHidden: true }
      )
      return status()
    }
  }
}

/** Where Fedivault cannot start at login; `detail` says why. Turning it on changes nothing. */
export function unavailableLoginItem(detail: string): LoginItem {
  const status = (): StartupInfo => ({
    available: false,
    openAtLogin: false,
    mechanism: 'none',
    detail
  })
  return { status, set: status }
}
