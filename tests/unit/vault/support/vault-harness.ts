import {
  AccountVault,
  type AccountVaultOptions,
  openNodeDocumentStore,
  type SecretCipher
} from '../../../../src/main/vault'
import type { Logger } from '../../../../src/main/logging/logger'
import { ScriptedServer } from './scripted-server'
import { tempDir } from './temp-dir'
import { FileKeyCipher } from '../../../../src/harness/file-key-cipher'

export interface LogLine {
  level: 'info' | 'warn' | 'error'
  message: string
  fields?: Record<string, unknown>
}

/** A logger that records, so tests can scan what would have been logged. */
export function recordingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = []
  return {
    lines,
    info: (message, fields) => void lines.push({ level: 'info', message, fields }),
    warn: (message, fields) => void lines.push({ level: 'warn', message, fields }),
    error: (message, fields) => void lines.push({ level: 'error', message, fields })
  }
}

/** A cipher with no keychain behind it, as Linux with `basic_text`. */
export const noKeychain: SecretCipher = {
  backend: 'basic_text',
  description: 'no keyring',
  protectedByOs: false,
  isAvailable: () => false,
  encrypt: () => {
    throw new Error('unavailable')
  },
  decrypt: () => {
    throw new Error('unavailable')
  }
}

/** A real vault on real files in a temp dir, with the test key file cipher. */
export function makeVault(overrides: Partial<AccountVaultOptions> & { dir?: string } = {}) {
  const dir = overrides.dir ?? tempDir()
  const server = (overrides.server as ScriptedServer | undefined) ?? new ScriptedServer()
  const log = recordingLogger()
  const open = (extra: Partial<AccountVaultOptions> = {}) =>
    AccountVault.open({
      store: openNodeDocumentStore(dir),
      cipher: new FileKeyCipher(dir),
      server,
      log,
      ...overrides,
      ...extra
    })
  return { dir, server, log, vault: open(), reopen: open }
}
