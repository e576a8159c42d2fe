import type { SettingsDto } from '@shared/domain/settings'
import type { ScriptAccessService } from '../../endpoint/service'
import type { AccountVault } from '../../vault'
import type { Handlers } from '../router'

type SettingsChannel = Extract<keyof Handlers, `settings:${string}`>

/** What Settings shows: where tokens are kept, the script endpoint's state, close-to-tray, the desktop shell's own settings. */
export function settingsSnapshot(
  vault: AccountVault,
  scriptAccess: Pick<ScriptAccessService, 'status'>,
  desktop: () => Pick<SettingsDto, 'startup' | 'notifications' | 'keyring'>
): () => SettingsDto {
  return () => ({
    storage: vault.storageInfo(),
    scriptAccess: scriptAccess.status(),
    closeToTray: vault.getSettings().closeToTray,
    theme: vault.getSettings().theme ?? 'system',
    ...desktop()
  })
}

/** The `settings:*` channels. */
export function settingsHandlers(deps: {
  vault: AccountVault
  settings: () => SettingsDto
}): Pick<Handlers, SettingsChannel> {
  return {
    'settings:get': deps.settings,
    'settings:update': ({ closeToTray, allowPlaintextSecrets, theme }) => {
      deps.vault.updateSettings({ closeToTray, allowPlaintextSecrets, theme })
      return deps.settings()
    }
  }
}
