import type { CreatedScriptKey, ScriptKeySpec } from '@shared/domain/script-keys'
import { toUiError } from '@renderer/lib/errors'
import { toFailure, type IpcClient } from '@renderer/lib/ipc'
import type { ScriptKeysSlice, SliceCreator } from '../types'

export function createScriptKeysSlice(client: IpcClient): SliceCreator<ScriptKeysSlice> {
  return (set, get) => ({
    scriptKeys: null,
    scriptKeysStatus: 'idle',
    scriptKeysError: null,
    scriptKeyBusy: null,

    async loadScriptKeys(options = {}) {
      if (!options.quiet) set({ scriptKeysStatus: 'loading', scriptKeysError: null })
      try {
        const { keys } = await client.scriptKeys.list()
        set({ scriptKeys: keys, scriptKeysStatus: 'ready' })
      } catch (error) {
        set({ scriptKeysStatus: 'error', scriptKeysError: toUiError(toFailure(error)) })
      }
    },

    /**
     * The created key goes back to the caller only: it is shown once by the component that asked
     * and never kept in this store, so nothing that reads or logs the store can see it.
     */
    async createScriptKey(spec: ScriptKeySpec): Promise<CreatedScriptKey | null> {
      if (get().scriptKeyBusy) return null
      set({ scriptKeyBusy: 'create', scriptKeysError: null })
      try {
        const created = await client.scriptKeys.create(spec)
        const { keys } = await client.scriptKeys.list()
        set({ scriptKeys: keys, scriptKeysStatus: 'ready' })
        return created
      } catch (error) {
        set({ scriptKeysError: toUiError(toFailure(error)) })
        return null
      } finally {
        set({ scriptKeyBusy: null })
      }
    },

    async revokeScriptKey(id: string) {
      if (get().scriptKeyBusy) return
      set({ scriptKeyBusy: `revoke:${id}`, scriptKeysError: null })
      try {
        const { keys } = await client.scriptKeys.revoke({ id })
        set({ scriptKeys: keys, scriptKeysStatus: 'ready' })
      } catch (error) {
        const failure = toFailure(error)
        get().pushNotice({ level: 'error', message: failure.message, code: failure.code })
      } finally {
        set({ scriptKeyBusy: null })
      }
    }
  })
}
