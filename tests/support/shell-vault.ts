import { createMainApp } from '../../src/main/composition/create-app'
import { createSafeStorageCipher } from '../../src/main/platform/safe-storage-cipher'
import { openNodeDocumentStore } from '../../src/main/vault'
import { createFakeSafeStorage } from './fake-electron'

type MainApp = Awaited<ReturnType<typeof createMainApp>>

/**
 * For the built-shell tests: a vault prepared by the real services in `dataDir`, sealed with the
 * fake safeStorage under `key` — the one the shell is then launched with — so the shell opens it
 * as the app would. `prepare` signs accounts in and sets things up; the app is closed after it.
 */
export async function prepareShellVault<T>(
  dataDir: string,
  key: Buffer,
  prepare: (steps: ShellVaultSteps) => Promise<T>
): Promise<T> {
  const app = await createMainApp({
    name: 'Fedivault',
    version: '0.1.0',
    os: 'linux',
    harness: false,
    dataDir,
    cipher: createSafeStorageCipher(createFakeSafeStorage(key), 'linux'),
    store: openNodeDocumentStore(dataDir),
    openExternal: async () => undefined,
    writeClipboard: () => undefined,
    logSink: () => {},
    reverifyIntervalMs: 0
  })
  try {
    return await prepare({ app, dispatch: (channel, payload) => dispatchOk(app, channel, payload) })
  } finally {
    await app.close()
  }
}

export interface ShellVaultSteps {
  app: MainApp
  /** One IPC call through the app's own handlers; its data, or a throw naming what failed. */
  dispatch(channel: string, payload?: unknown): Promise<Record<string, unknown>>
}

async function dispatchOk(app: MainApp, channel: string, payload: unknown) {
  const result = await app.dispatch(channel, payload)
  if (!result.ok) throw new Error(`preparing the vault (${channel}): ${result.error.message}`)
  return result.data as Record<string, unknown>
}
