import { join } from 'node:path'
import type { AccountStatus } from '@shared/domain/account'
import type { TrayAction } from '../tray/tray-menu'
import { trayIconFile, trayIconPath, type PanelTheme } from '../tray/tray-icon'

/** The attention variant of each tray image (same glyph, with a badge), by the plain one's name. */
export function attentionIconFile(platform: NodeJS.Platform, panel: PanelTheme): string {
  const plain = trayIconFile(platform, panel)
  return plain === 'trayTemplate.png'
    ? 'trayAttentionTemplate.png'
    : plain.replace(/^tray-/, 'tray-attention-')
}

/** The tray image for now: the attention variant while any account needs sign-in. */
export function trayIconFor(
  resourcesDir: string,
  platform: NodeJS.Platform,
  panel: PanelTheme,
  attention: boolean
): string {
  if (!attention) return trayIconPath(resourcesDir, platform, panel)
  return join(resourcesDir, attentionIconFile(platform, panel))
}

/**
 * The tray menu's entry of an account that needs sign-in opens its sign-in again instead of
 * making a dead account the scripts' default. The native radio mark already moved on click, so
 * the menu is rebuilt from the truth.
 */
export function reauthFromTray(
  dispatch: (action: TrayAction) => Promise<void> | void,
  ports: {
    status(accountId: string): AccountStatus | undefined
    openSignIn(accountId: string): void
    restoreMenu(): void
  }
): (action: TrayAction) => Promise<void> | void {
  return (action) => {
    if (action.kind !== 'switch' || ports.status(action.accountId) !== 'needs_reauth') {
      return dispatch(action)
    }
    ports.openSignIn(action.accountId)
    ports.restoreMenu()
  }
}
