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

    let themeTicket = 0

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

      async setTheme(theme) {
        const before = get().settings
        if (!before) return
        // Shown at once (the radio and the colours), whatever else is being saved; main's
        // answer, or the old theme on failure, replaces it.
        set({ settings: { ...before, theme } })
        // Only the latest choice's answer lands: an earlier one may arrive after it.
        const ticket = ++themeTicket
        try {
          const answer = await client.settings.update({ theme })
          if (ticket === themeTicket) get().applySettings(answer)
        } catch (error) {
          if (ticket !== themeTicket) return
          const current = get().settings
          if (current?.theme === theme) set({ settings: { ...current, theme: before.theme } })
          const failure = toFailure(error)
          get().pushNotice({ level: 'error', message: failure.message, code: failure.code })
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
      },

      setStartAtLogin(openAtLogin) {
        return busy('desktop', async () =>
          get().applySettings(await client.desktop.setStartAtLogin({ openAtLogin }))
        )
      },

      setNotifications(enabled) {
        return busy('desktop', async () =>
          get().applySettings(await client.desktop.setNotifications({ enabled }))
        )
      },

      chooseKeyring(backend) {
        return busy('desktop', async () =>
          get().applySettings(await client.desktop.chooseKeyring({ backend }))
        )
      },

      restartApp() {
        return busy('desktop', async () => {
          const { restarting } = await client.desktop.restart()
          if (!restarting) {
            get().pushNotice({
              level: 'info',
              message: 'Fedivault cannot restart itself here: quit it and start it again.'
            })
          }
        })
      }
    }
  }
}
