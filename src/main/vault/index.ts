export { AccountVault } from './account-vault'
export type {
  AccessTokenGrant,
  AccountVaultOptions,
  AppRegistry,
  SettingsPatch
} from './account-vault'
export {
  ConfDocumentStore,
  vaultStoreOptions,
  vaultStorePath,
  type ConfLike
} from './conf-document-store'
export {
  EngineFailure,
  type AccountServer,
  type ClientApp,
  type EngineFailureKind,
  type IssuedTokens
} from './engine-port'
export { VaultError, type VaultErrorCode } from './errors'
export { FileKeyCipher, TEST_KEY_FILE_NAME } from './file-key-cipher'
export type { Clock, DocumentStore, SecretCipher, VaultLogger } from './ports'
export type { VaultSettings } from './store-schema'
export type { VerifiedSignInInput } from './verified-sign-in'
export type { TransferAccount, TransferSnapshot } from './transfer-snapshot'
export { openNodeDocumentStore } from './node-document-store'
export { fediverseAccountServer } from './fediverse-account-server'
