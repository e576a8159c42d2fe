import { toUiError } from '@renderer/lib/errors'
import { toFailure, type IpcClient } from '@renderer/lib/ipc'
import type { SettingsSlice, SliceCreator } from '../types'

export function createSettingsSlice(client: IpcClient): SliceCreator<SettingsSlice> {
  return (set, get) => {
    async function busy(
      kind: NonNullable<SettingsSlice['settingsBusy']>,
      run: () => Promise<void>
    ) {
      // One settings change at a time; a press while one runs is ignored.
      if (get().settingsBusy) return
      set({ settingsBusy: kind })
      try {
        await run()
      } catch (error) {
        const failure = toFailure(error)
        get().pushNotice({ level: 'error', message: failure.message, code: failure.code })
      } finally {
        set({ settingsBusy: null })
      }
    }

    return {
      settings: null,
      settingsStatus: 'idle',
      settingsError: null,
      settingsBusy: null,
      auditLog: null,
      auditStatus: 'idle',
      auditError: null,

      async loadSettings() {
        set({ settingsStatus: 'loading', settingsError: null })
        try {
          get().applySettings(await client.settings.get())
        } catch (error) {
          set({ settingsStatus: 'error', settingsError: toUiError(toFailure(error)) })
        }
      },

      applySettings(settings) {
        set({ settings, settingsStatus: 'ready', settingsError: null })
      },

      updateSettings(patch) {
        return busy('update', async () => get().applySettings(await client.settings.update(patch)))
      },

      setScriptAccess(enabled) {
        return busy('scriptAccess', async () => {
          get().applySettings(await client.scriptAccess.set({ enabled }))
        })
      },

      copyScriptSecret() {
        return busy('copySecret', async () => {
          // Main writes the secret to the clipboard itself; it never passes through this process.
          const { copied } = await client.scriptAccess.copySecret()
          get().pushNotice(
            copied
              ? { level: 'info', message: 'The script-access secret is on the clipboard.' }
              : {
                  level: 'warning',
                  message: 'Could not copy the secret. Turn script access on first, then try again.'
                }
          )
        })
      },

      async loadAuditLog(options = {}) {
        if (!options.quiet) set({ auditStatus: 'loading', auditError: null })
        try {
          const { entries } = await client.scriptAccess.auditLog()
          set({ auditLog: entries, auditStatus: 'ready' })
        } catch (error) {
          set({ auditStatus: 'error', auditError: toUiError(toFailure(error)) })
        }
      }
    }
  }
}
