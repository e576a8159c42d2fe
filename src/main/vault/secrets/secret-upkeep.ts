import type { Notice } from '@shared/domain/notice'
import { isPlaintext } from './secret-envelope'
import type { VaultState } from '../vault-state'

/**
 * Signal-style: remember which keychain backend sealed the store, and say so when it changes, so
 * "sign in again" on every account comes with the reason.
 */
export function cipherBackendNotice(state: VaultState): Notice | undefined {
  const recorded = state.doc.cipherBackend
  const current = state.cipher.backend
  if (!recorded || recorded === current) return undefined
  state.log.warn('cipher backend changed', { recorded, current })
  return {
    level: 'warning',
    code: 'cipher_backend_changed',
    message:
      `Your sign-ins were encrypted with ${recorded}, but this session uses ${current}. ` +
      'If accounts show “sign in again”, the original keychain is not reachable.'
  }
}

/** Secrets saved in plaintext while no keychain existed are encrypted as soon as one does. */
export function encryptPlaintextSecrets(state: VaultState): Notice | undefined {
  if (state.readOnly || !state.cipher.isAvailable() || !state.hasPlaintextSecrets())
    return undefined
  const upgrade = (s: string) => (isPlaintext(s) ? state.seal(state.open(s)) : s)
  state.commit((doc) => {
    for (const instance of Object.values(doc.instances)) {
      for (const app of Object.values(instance.apps)) app.clientSecret = upgrade(app.clientSecret)
    }
    for (const r of Object.values(doc.accounts)) {
      r.token.accessToken = upgrade(r.token.accessToken)
      if (r.token.refreshToken) r.token.refreshToken = upgrade(r.token.refreshToken)
    }
    doc.cipherBackend = state.cipher.backend
  })
  state.log.info('plaintext secrets encrypted')
  return {
    level: 'info',
    code: 'secrets_encrypted',
    message: `Sign-ins saved in plain text are now encrypted with ${state.cipher.description}.`
  }
}
