import Conf from 'conf'
import { ConfDocumentStore, vaultStoreOptions, vaultStorePath } from './conf-document-store'

/**
 * The vault's store outside Electron (tests, the browser harness, the benchmark): conf, the
 * engine inside electron-store, with exactly the options the app uses.
 */
export function openNodeDocumentStore(dataDir: string): ConfDocumentStore {
  return new ConfDocumentStore(
    vaultStorePath(dataDir),
    () => new Conf<Record<string, unknown>>(vaultStoreOptions(dataDir))
  )
}
