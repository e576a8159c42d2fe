import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, isAbsolute, join } from 'node:path'
import type { StartupInfo } from '@shared/domain/settings'
import { escapeValue, execLine, parseDesktopEntry, parseExecLine } from './desktop-entry'
import type { LoginItem } from './types'

/** Marks the autostart file as ours, so turning the setting off never removes someone else's. */
export const OWNER_KEY = 'X-Fedivault-Autostart'

/** `$XDG_CONFIG_HOME/autostart/fedivault.desktop`, `~/.config` when unset or not absolute. */
export function autostartFile(env: Record<string, string | undefined>, home: string): string {
  const configHome = env.XDG_CONFIG_HOME
  const base = configHome && isAbsolute(configHome) ? configHome : join(home, '.config')
  return join(base, 'autostart', 'fedivault.desktop')
}

/** The file's content: runs `argv` (the executable first) at login. */
export function autostartEntry(argv: readonly string[], name = 'Fedivault'): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    `Name=${escapeValue(name)}`,
    'Comment=Keeps script access to your fediverse accounts running, in the tray',
    `Exec=${execLine(argv)}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    `${OWNER_KEY}=true`,
    ''
  ].join('\n')
}

export interface AutostartReading {
  present: boolean
  /** Present and not switched off by the desktop (`Hidden=true`, GNOME's enabled=false). */
  enabled: boolean
  ours: boolean
  argv: string[]
}

export function readAutostart(file: string): AutostartReading {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return { present: false, enabled: false, ours: false, argv: [] }
  }
  const keys = parseDesktopEntry(text)
  const off = keys.Hidden === 'true' || keys['X-GNOME-Autostart-enabled'] === 'false'
  return {
    present: true,
    enabled: !off,
    ours: keys[OWNER_KEY] === 'true',
    argv: keys.Exec ? parseExecLine(keys.Exec) : []
  }
}

/**
 * Linux: start at login through an XDG autostart entry. Turning it on writes the file (atomically)
 * unless one not written by Fedivault is there; turning it off removes only a file that is ours.
 */
export function xdgAutostartLoginItem(options: {
  file: string
  /** The executable and arguments to run at login (the hidden-start argument included). */
  argv: () => string[]
  /** Said in Settings next to the path (the harness writes to a test folder). */
  note?: string
}): LoginItem {
  const status = (): StartupInfo => {
    const found = readAutostart(options.file)
    const detail = options.note ? `${options.file} (${options.note})` : options.file
    return {
      available: true,
      openAtLogin: found.enabled,
      mechanism: 'xdg-autostart',
      detail,
      ...(found.present && !found.ours ? { foreign: true } : {})
    }
  }
  return {
    status,
    set(openAtLogin) {
      const found = readAutostart(options.file)
      if (found.present && !found.ours) return status()
      if (openAtLogin) {
        mkdirSync(dirname(options.file), { recursive: true })
        const temp = `${options.file}.${process.pid}.tmp`
        writeFileSync(temp, autostartEntry(options.argv()), { mode: 0o644 })
        renameSync(temp, options.file)
      } else if (existsSync(options.file)) {
        rmSync(options.file)
      }
      return status()
    }
  }
}
