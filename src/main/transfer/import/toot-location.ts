import path from 'node:path'

/**
 * Where toot keeps `config.json` (toot's `get_config_dir`): `%APPDATA%\toot` on Windows,
 * `$XDG_CONFIG_HOME/toot` when set, else `~/.config/toot` — on macOS too.
 */
export function tootConfigPath({
  env,
  platform,
  home
}: {
  env: Record<string, string | undefined>
  platform: NodeJS.Platform
  home: string
}): string {
  if (platform === 'win32' && env.APPDATA) {
    return path.win32.join(env.APPDATA, 'toot', 'config.json')
  }
  const join = platform === 'win32' ? path.win32.join : path.posix.join
  // Python's expanduser, as toot applies it to XDG_CONFIG_HOME.
  const xdg = env.XDG_CONFIG_HOME?.replace(/^~(?=$|[/\\])/, home)
  if (xdg !== undefined && 'XDG_CONFIG_HOME' in env) return join(xdg, 'toot', 'config.json')
  return join(home, '.config', 'toot', 'config.json')
}
