import path from 'node:path'

export interface Environment {
  env: Record<string, string | undefined>
  platform: NodeJS.Platform
  home: string
}

/**
 * Where the running app keeps `endpoint.json`: Electron's userData directory for the app name
 * "Fedivault", unless FEDIVAULT_DATA_DIR points elsewhere (tests, portable installs).
 */
export function dataDirectory({ env, platform, home }: Environment): string {
  if (env.FEDIVAULT_DATA_DIR) return env.FEDIVAULT_DATA_DIR
  if (platform === 'darwin')
    return path.posix.join(home, 'Library', 'Application Support', 'Fedivault')
  if (platform === 'win32') {
    return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), 'Fedivault')
  }
  return path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(home, '.config'), 'Fedivault')
}
