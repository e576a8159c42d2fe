// Minimal stand-in for the `electron` module, extended by the tests that exercise the thin shell.
export const app = {
  getPath: (_name: string) => '/nonexistent',
  getVersion: () => '0.0.0-test',
  whenReady: () => Promise.resolve(),
  on: () => app,
  requestSingleInstanceLock: () => true,
  quit: () => undefined
}
export const safeStorage = {
  isEncryptionAvailable: () => false,
  getSelectedStorageBackend: () => 'basic_text',
  encryptString: (_s: string): Buffer => {
    throw new Error('fake electron: safeStorage is not available in tests')
  },
  decryptString: (_b: Buffer): string => {
    throw new Error('fake electron: safeStorage is not available in tests')
  }
}
export default { app, safeStorage }
