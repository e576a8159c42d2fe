import { createStore, type StoreApi } from 'zustand/vanilla'
import type { IpcClient } from '../lib/ipc'
import { createAccountsSlice } from './slices/accounts'
import { createAppSlice } from './slices/app'
import { createNoticesSlice } from './slices/notices'
import { createOnboardingSlice } from './slices/onboarding'
import { createScriptKeysSlice } from './slices/script-keys'
import { createSettingsSlice } from './slices/settings'
import { createTransferSlice } from './slices/transfer'
import type { AppState } from './types'

export type AppStore = StoreApi<AppState>

/** One store for the whole window, composed of slices that share the IPC client. */
export function createAppStore(client: IpcClient): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createAppSlice(client)(...a),
    ...createAccountsSlice(client)(...a),
    ...createOnboardingSlice(client)(...a),
    ...createSettingsSlice(client)(...a),
    ...createScriptKeysSlice(client)(...a),
    ...createNoticesSlice()(...a),
    ...createTransferSlice<AppState>(client)(...a)
  }))
}

export type { AppState } from './types'
