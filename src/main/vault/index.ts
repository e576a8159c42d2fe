/**
 * The account vault: accounts, their tokens and the app registrations, kept in one JSON document
 * with every secret sealed. The account lifecycle lives here; `storage/` holds the document
 * (schema, migrations, the atomic file store) and `secrets/` the sealing (envelope, ciphers, the
 * script-access seal, upkeep). Callers and tests import from this file only.
 */
export { AccountVault } from './account-vault'
export type { AccountVaultOptions, AppRegistry, SettingsPatch } from './account-vault'
export type { AccessTokenGrant } from './tokens/access-token-grant'
export { VaultError, type VaultErrorCode } from './errors'
export {
  EngineFailure,
  type AccountServer,
  type Clock,
  type DocumentStore,
  type EngineFailureKind,
  type IssuedTokens,
  type SecretCipher
} from './ports'
export type { ClientRegistration } from '../client-registration'
export { checkVerifiedSignIn, type VerifiedSignInInput } from './accounts/verified-sign-in'

// Pure rules, exported for their tests.
export {
  canonicalHandle,
  parseServerAccount,
  splitHandle,
  toProfile
} from './accounts/account-mapping'
export {
  nextActiveAfterRemoval,
  REFRESH_MARGIN_MS,
  reorderIds,
  shouldRefresh,
  statusAfterFailure
} from './accounts/lifecycle-rules'
export { forEachGrouped, SCRIPT_REFRESH_RETRY_MS } from './tokens/reverification'

// storage/
export {
  ConfDocumentStore,
  openNodeDocumentStore,
  vaultStoreOptions,
  vaultStorePath,
  type ConfLike
} from './storage/conf-document-store'
export { mendIssuedAt } from './storage/mend-instants'
export { upgradeDocument } from './storage/migrations'
export {
  CURRENT_SCHEMA_VERSION,
  emptyDocument,
  type AccountRecord,
  type VaultDocument,
  type VaultSettings
} from './storage/store-schema'

// secrets/
export { openSecret, sealSecret } from './secrets/secret-envelope'
export type { TransferAccount, TransferSnapshot } from './accounts/transfer-snapshot'
