import { toUiError } from '@renderer/lib/errors'
import { toFailure, type IpcClient } from '@renderer/lib/ipc'
import type { AppSlice, SliceCreator } from '../types'

export function createAppSlice(client: IpcClient): SliceCreator<AppSlice> {
  return (set, get) => ({
    view: 'accounts',
    info: null,
    bootStatus: 'idle',
    bootError: null,

    settingsSection: 'general',
    focusRequest: null,

    clearFocusRequest() {
      set({ focusRequest: null })
    },

    showSettings(section) {
      set({ settingsSection: section })
      get().navigate('settings')
    },

    navigate(view) {
      // Leaving onboarding mid-flow cancels the flow: a browser tab left open must not later
      // sign someone in behind the person's back.
      if (view !== 'onboarding' && get().onboarding.step === 'browser-wait') {
        void get().cancelBrowserSignIn()
      }
      set({ view })
    },

    boot() {
      const off = [
        client.on('accounts:changed', (state) => get().applyAccountsState(state)),
        client.on('settings:changed', (settings) => get().applySettings(settings)),
        client.on('signin:progress', (progress) => get().applyProgress(progress)),
        client.on('app:notice', (n) => void get().pushNotice({ ...n })),
        client.on('app:navigate', ({ to, accountId, action }) => {
          if (to === 'add-account') {
            if (get().onboarding.step === 'verified') get().restartOnboarding()
            get().navigate('onboarding')
          } else {
            if (to === 'accounts' && accountId && action === 'reauth') {
              set({ focusRequest: { accountId, action } })
            }
            get().navigate(to)
          }
        })
      ]
      set({ bootStatus: 'loading', bootError: null })
      void (async () => {
        try {
          const info = await client.app.info()
          set({ info })
          for (const n of info.notices) get().pushNotice({ ...n })
        } catch (error) {
          set({ bootStatus: 'error', bootError: toUiError(toFailure(error)) })
          return
        }
        await get().loadAccounts()
        set({ bootStatus: 'ready' })
        // Settings are not needed for the first screen; a failure shows on the Settings screen.
        void get().loadSettings()
      })()
      // Listeners are attached: main may now deliver what it queued before the window was ready.
      client.ready()
      return () => off.forEach((unsubscribe) => unsubscribe())
    }
  })
}
