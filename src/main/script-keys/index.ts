export { withKeyTrails } from './audit'
export { ScriptKeyError, type ScriptKeyErrorCode } from './errors'
export { hashKey } from './key-material'
export { storedScriptKeySchema, type ScriptKeyStorage, type StoredScriptKey } from './record'
export {
  ScriptKeyRegistry,
  runKeyName,
  type KeyAuthentication,
  type ScriptKeyRegistryOptions
} from './registry'
export {
  authorizeKey,
  coversAccount,
  describeAccounts,
  keyState,
  modeLabels,
  type KeyDecision,
  type KeyRequest
} from './rules'
