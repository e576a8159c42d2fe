import { safeStorage } from 'electron'
import type { SecretCipher } from '../vault'

/** The parts of Electron's safeStorage the cipher uses (a parameter so it can be tested). */
export type SafeStoragePort = Pick<
  typeof safeStorage,
  'isEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptString' | 'decryptString'
>

const LINUX_BACKENDS: Record<string, string> = {
  gnome_libsecret: 'the Secret Service (GNOME Keyring)',
  kwallet: 'KWallet',
  kwallet5: 'KWallet 5',
  kwallet6: 'KWallet 6',
  basic_text: 'no keyring (Electron’s basic_text fallback)',
  unknown: 'no keyring detected yet'
}

/**
 * The vault's cipher in the Electron shell. Create it after `app.whenReady()`: before that, Linux
 * reports the backend as `unknown`.
 *
 * On Linux, `basic_text` means Electron found no secret service and would "encrypt" with a
 * hard-coded password; that is treated as unavailable (Signal does the same), so the vault
 * refuses to save rather than pretending.
 */
export function createSafeStorageCipher(
  storage: SafeStoragePort = safeStorage,
  platform: NodeJS.Platform = process.platform
): SecretCipher {
  const backend = (): string => {
    if (platform === 'darwin') return 'keychain'
    if (platform === 'win32') return 'dpapi'
    return storage.getSelectedStorageBackend()
  }
  return {
    get backend() {
      return backend()
    },
    get description() {
      const b = backend()
      if (b === 'keychain') return 'the macOS Keychain'
      if (b === 'dpapi') return 'Windows DPAPI (your Windows sign-in)'
      return LINUX_BACKENDS[b] ?? `the ${b} keyring`
    },
    get protectedByOs() {
      return !['basic_text', 'unknown'].includes(backend())
    },
    isAvailable: () =>
      storage.isEncryptionAvailable() && !['basic_text', 'unknown'].includes(backend()),
    encrypt: (plaintext) => storage.encryptString(plaintext),
    decrypt: (ciphertext) => storage.decryptString(ciphertext)
  }
}
