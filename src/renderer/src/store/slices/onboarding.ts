import type { AccountProfile } from '@shared/domain/account'
import type { InstanceInfoDto } from '@shared/domain/instance'
import { toUiError, type UiError } from '@renderer/lib/errors'
import { toFailure, type IpcClient } from '@renderer/lib/ipc'
import type {
  OnboardingSlice,
  OnboardingState,
  OnboardingStep,
  SignInMethod,
  SliceCreator
} from '../types'

/**
 * The onboarding step machine. Steps change only along these edges; anything else (a late answer
 * from a flow the person already cancelled, a double click) is ignored rather than half-applied.
 */
export const ONBOARDING_TRANSITIONS: Record<OnboardingStep, readonly OnboardingStep[]> = {
  // The instance step holds the choice of method too: one button, no separate method screen.
  instance: ['browser-wait', 'password'],
  'browser-wait': ['instance', 'verified'],
  password: ['instance', 'verified'],
  verified: []
}

export function initialOnboarding(input = ''): OnboardingState {
  return {
    step: 'instance',
    input,
    instance: null,
    method: 'browser',
    busy: null,
    progress: null,
    flow: null,
    browserOpened: null,
    manualEntry: false,
    error: null,
    profile: null,
    reauth: null,
    previousActiveId: null
  }
}

/** Browser authorization is recommended whenever the server offers it. */
export function defaultMethod(instance: InstanceInfoDto): SignInMethod {
  if (instance.signIn.browser.available) return 'browser'
  return instance.signIn.password.available === 'no' ? 'browser' : 'password'
}

const EMPTY_INPUT: UiError = {
  code: 'empty_input',
  message:
    'Type a server address such as mastodon.social, or a handle such as @you@mastodon.social.'
}

export function createOnboardingSlice(client: IpcClient): SliceCreator<OnboardingSlice> {
  return (set, get) => {
    const ob = () => get().onboarding
    const patch = (p: Partial<OnboardingState>) =>
      set((s) => ({ onboarding: { ...s.onboarding, ...p } }))
    const goto = (to: OnboardingStep, p: Partial<OnboardingState> = {}): boolean => {
      if (!ONBOARDING_TRANSITIONS[ob().step].includes(to)) return false
      patch({ ...p, step: to })
      return true
    }
    const fail = (error: unknown, p: Partial<OnboardingState> = {}) =>
      patch({ busy: null, progress: null, ...p, error: toUiError(toFailure(error)) })

    // Answers that arrive after the person moved on must not land: discovery answers are matched
    // by ticket, browser flows by id and step (signing in or cancelling leaves browser-wait).
    let discoverTicket = 0
    const waitingFlows = new Set<string>()
    const isLiveFlow = (flowId: string) =>
      ob().step === 'browser-wait' && ob().flow?.flowId === flowId

    async function completeSignIn(profile: AccountProfile) {
      if (!goto('verified', { profile, busy: 'activating', error: null, progress: null })) return
      // Main makes a new account active only when none is: scripts and the tray must not start
      // acting as someone else because an account was added. The Done step offers the switch.
      const before = get().activeAccountId
      await get().loadAccounts()
      patch({ busy: null, previousActiveId: before === profile.id ? null : before })
    }

    async function waitForBrowser(flowId: string) {
      waitingFlows.add(flowId)
      try {
        const profile = await client.signin.awaitBrowser({ flowId })
        if (!isLiveFlow(flowId)) return
        await completeSignIn(profile)
      } catch (error) {
        // While a pasted code is being exchanged, main may end the loopback wait: not an error.
        if (!isLiveFlow(flowId) || ob().busy === 'submitting-code') return
        fail(error)
      } finally {
        waitingFlows.delete(flowId)
      }
    }

    function cancelFlow() {
      const flow = ob().flow
      if (!flow || !isLiveFlow(flow.flowId)) return
      // Best effort: the flow expires in main anyway, and the person has already moved on.
      void client.signin.cancel({ flowId: flow.flowId }).catch(() => undefined)
    }

    return {
      onboarding: initialOnboarding(),

      setInstanceInput(input) {
        if (ob().step !== 'instance') return
        // Editing the address invalidates what was found for the old one.
        discoverTicket++
        patch({ input, instance: null, error: null, busy: null, progress: null })
      },

      async discoverInstance() {
        const input = ob().input.trim()
        if (ob().step !== 'instance') return
        if (!input) return patch({ error: EMPTY_INPUT })
        const ticket = ++discoverTicket
        patch({ busy: 'discovering', error: null, instance: null, progress: null })
        try {
          const instance = await client.instances.discover({ input })
          if (ticket !== discoverTicket) return
          patch({ instance, method: defaultMethod(instance), busy: null, progress: null })
        } catch (error) {
          if (ticket === discoverTicket) fail(error)
        }
      },

      chooseMethod(method) {
        const { instance, step } = ob()
        if (step !== 'instance' || !instance) return
        if (method === 'password' && instance.signIn.password.available === 'no') return
        if (method === 'browser' && !instance.signIn.browser.available) return
        patch({ method, error: null })
      },

      async startSignIn() {
        const { instance, method, step, busy, reauth } = ob()
        if (step !== 'instance' || !instance || busy) return
        if (method === 'password') {
          goto('password', { error: null })
          return
        }
        // A second account on a server already signed in to needs a fresh login page, not the
        // browser's remembered session; signing in again needs it for the same reason.
        const forceLogin =
          reauth !== null ||
          get().accounts.some(
            (a) => a.domain === instance.domain || a.apiBaseUrl === instance.apiBaseUrl
          )
        patch({ busy: 'starting-browser', error: null, progress: null })
        let flowId: string
        try {
          const flow = await client.signin.startBrowser({ input: instance.input, forceLogin })
          if (ob().step !== 'instance' || ob().busy !== 'starting-browser') {
            void client.signin.cancel({ flowId: flow.flowId }).catch(() => undefined)
            return
          }
          flowId = flow.flowId
          goto('browser-wait', {
            flow,
            busy: 'waiting-for-browser',
            browserOpened: null,
            manualEntry: false
          })
        } catch (error) {
          fail(error)
          return
        }
        await Promise.all([get().openBrowserAgain(), waitForBrowser(flowId)])
      },

      async openBrowserAgain() {
        const flow = ob().flow
        if (!flow || !isLiveFlow(flow.flowId)) return
        try {
          const { opened } = await client.signin.openBrowser({ flowId: flow.flowId })
          if (isLiveFlow(flow.flowId)) patch({ browserOpened: opened })
        } catch {
          // The copy-link button and the manual code remain; say the browser did not open.
          if (isLiveFlow(flow.flowId)) patch({ browserOpened: false })
        }
      },

      showManualEntry() {
        if (ob().step === 'browser-wait') patch({ manualEntry: true })
      },

      async submitCode(code) {
        const flow = ob().flow
        const trimmed = code.trim()
        if (!flow || !isLiveFlow(flow.flowId) || ob().busy === 'submitting-code') return
        if (!trimmed) {
          patch({ error: { code: 'empty_code', message: 'Paste the code the server showed you.' } })
          return
        }
        patch({ busy: 'submitting-code', error: null })
        try {
          const profile = await client.signin.submitCode({ flowId: flow.flowId, code: trimmed })
          if (!isLiveFlow(flow.flowId)) return
          await completeSignIn(profile)
        } catch (error) {
          if (!isLiveFlow(flow.flowId)) return
          fail(error, { busy: waitingFlows.has(flow.flowId) ? 'waiting-for-browser' : null })
        }
      },

      async cancelBrowserSignIn() {
        if (ob().step !== 'browser-wait') return
        cancelFlow()
        goto('instance', {
          flow: null,
          busy: null,
          progress: null,
          error: null,
          browserOpened: null,
          manualEntry: false
        })
      },

      async submitPassword(username, password) {
        const { instance, step, busy } = ob()
        if (step !== 'password' || !instance || busy) return
        patch({ busy: 'signing-in', error: null, progress: null })
        try {
          const profile = await client.signin.password({
            input: instance.input,
            username: username.trim(),
            password
          })
          if (ob().step !== 'password') return
          await completeSignIn(profile)
        } catch (error) {
          if (ob().step === 'password') fail(error)
        }
      },

      applyProgress(progress) {
        const { busy, flow } = ob()
        if (!busy || busy === 'activating') return
        if (progress.flowId && flow && progress.flowId !== flow.flowId) return
        patch({ progress })
      },

      async back() {
        switch (ob().step) {
          case 'password':
            goto('instance', { error: null, busy: null, progress: null })
            return
          case 'browser-wait':
            await get().cancelBrowserSignIn()
            return
          default:
            return
        }
      },

      restartOnboarding(input = '') {
        cancelFlow()
        discoverTicket++
        set({ onboarding: initialOnboarding(input) })
      },

      async signInAgain(account) {
        get().restartOnboarding(account.apiBaseUrl)
        patch({ reauth: { accountId: account.id, username: account.username } })
        get().navigate('onboarding')
        await get().discoverInstance()
      },

      async setNewAccountActive(active) {
        const { profile, previousActiveId, step } = ob()
        if (step !== 'verified' || !profile) return
        const target = active ? profile.id : previousActiveId
        if (target && get().activeAccountId !== target) await get().switchAccount(target)
      },

      finishOnboarding() {
        if (ob().step !== 'verified') return
        get().restartOnboarding()
        get().navigate('accounts')
      }
    }
  }
}
