import path from 'node:path'

/**
 * Where toot keeps `config.json` (toot's `get_config_dir`): `%APPDATA%\toot` on Windows,
 * `$XDG_CONFIG_HOME/toot` when set, else `~/.config/toot` — on macOS too.
 */
export function tootConfigPath(o: {
  env: Record<string, string | undefined>
  platform: NodeJS.Platform
  home: string
}): string {
  if (o.platform === 'win32' && o.env.APPDATA) {
    return path.win32.join(o.env.APPDATA, 'toot', 'config.json')
  }
  const join = o.platform === 'win32' ? path.win32.join : path.posix.join
  // Python's expanduser, as toot applies it to XDG_CONFIG_HOME.
  const xdg = o.env.XDG_CONFIG_HOME?.replace(/^~(?=$|[/\\])/, o.home)
  if (xdg !== undefined && 'XDG_CONFIG_HOME' in o.env) return join(xdg, 'toot', 'config.json')
  return join(o.home, '.config', 'toot', 'config.json')
}
