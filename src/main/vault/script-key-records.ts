import type { ScriptKeyStorage } from '../script-keys/record'
import type { VaultState } from './vault-state'

/**
 * Script keys' records in the vault document: hashes and settings only (see script-keys/). A
 * write here is not an account change, so no `changed` event goes out.
 */
export function createScriptKeyRecords(state: VaultState): ScriptKeyStorage {
  return {
    all: () => Object.values(structuredClone(state.doc.scriptKeys)),
    put(records) {
      state.commit(
        (doc) => {
          for (const record of records) doc.scriptKeys[record.id] = structuredClone(record)
        },
        { accountsChanged: false }
      )
    }
  }
}
