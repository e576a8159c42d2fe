import { app } from 'electron'
import ElectronStore from 'electron-store'
import {
  ConfDocumentStore,
  vaultStoreOptions,
  vaultStorePath
} from '../vault/storage/conf-document-store'
import type { DocumentStore } from '../vault/ports'

/**
 * The vault's file in the Electron shell: electron-store in `userData`, with the options the
 * tests use through conf (`<userData>/vault.json`, mode 0600, atomic writes).
 */
export function openElectronDocumentStore(dataDir?: string): DocumentStore {
  // toot's guard: a test that forgot to pass a temp dir must not touch a real profile.
  if (dataDir === undefined && process.env.VITEST) {
    throw new Error('openElectronDocumentStore: pass a data directory in tests')
  }
  const dir = dataDir ?? app.getPath('userData')
  const { configName, ...options } = vaultStoreOptions(dir)
  return new ConfDocumentStore(
    vaultStorePath(dir),
    () => new ElectronStore<Record<string, unknown>>({ ...options, name: configName })
  )
}
