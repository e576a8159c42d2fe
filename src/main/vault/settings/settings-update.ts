import type { Theme } from '@shared/domain/settings'
import { VaultError } from '../errors'
import { scriptAccessSealHolds, sealScriptAccess } from './script-access-seal'
import { vaultSettingsSchema } from '../storage/store-schema'
import type { VaultState } from '../vault-state'

export type SettingsPatch = {
  /** `port: null` clears a fixed port (the endpoint then picks a free one). */
  scriptAccess?: { enabled?: boolean; port?: number | null }
  allowPlaintextSecrets?: boolean
  closeToTray?: boolean
  theme?: Theme
}

/** Checks and stores a settings change; script access on is sealed with the cipher. */
export function applySettingsPatch(state: VaultState, patch: SettingsPatch): void {
  state.assertWritable()
  const current = state.doc.settings
  const { port, ...scriptAccess } = patch.scriptAccess ?? {}
  const next = vaultSettingsSchema.safeParse({
    scriptAccess: {
      ...current.scriptAccess,
      ...scriptAccess,
      ...(port === undefined ? {} : { port: port ?? undefined })
    },
    allowPlaintextSecrets: patch.allowPlaintextSecrets ?? current.allowPlaintextSecrets,
    closeToTray: patch.closeToTray ?? current.closeToTray,
    theme: patch.theme ?? current.theme
  })
  if (!next.success) throw new VaultError('invalid_settings', 'Those settings are not valid.')
  if (!next.data.allowPlaintextSecrets && state.hasPlaintextSecrets()) {
    throw new VaultError(
      'plaintext_secrets_present',
      'Some sign-ins are saved without encryption. Remove those accounts (or make a keychain ' +
        'available and restart) before turning plaintext storage off.'
    )
  }
  // Switching script access on, or changing its port while on, seals the new state; an intact
  // seal for the same state is kept; switching off drops it.
  const policy = { cipher: state.cipher, allowPlaintext: next.data.allowPlaintextSecrets }
  const unchanged = { ...next.data, scriptAccessSeal: current.scriptAccessSeal }
  const settings = scriptAccessSealHolds(unchanged, state.cipher)
    ? unchanged
    : { ...next.data, scriptAccessSeal: sealScriptAccess(next.data.scriptAccess, policy) }
  if (!settings.scriptAccess.enabled) delete settings.scriptAccessSeal
  state.commit((doc) => void (doc.settings = settings), { accountsChanged: false })
}
