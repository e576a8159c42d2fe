import type { AccountProfile } from '@shared/domain/account'
import type { SignInProgress } from '@shared/ipc/contract'
import type { SignInFlows, SignInStep, VerifiedSignIn } from '../../fediverse'
import type { AccountVault } from '../../vault'
import type { EventQueue } from '../push'
import type { Handlers } from '../router'
import { AppError } from './errors'

type SignInChannel = Extract<keyof Handlers, `signin:${string}`>

const PROGRESS: Record<SignInStep | 'saving' | 'done', string> = {
  discovering: 'Looking up the server…',
  registering: 'Registering Fedivault with the server…',
  requesting_token: 'Signing in…',
  waiting_for_browser: 'Waiting for you to approve in the browser…',
  exchanging_code: 'Exchanging the authorization code…',
  verifying: 'Checking the account with the server…',
  saving: 'Saving the account…',
  done: 'Signed in.',
  approved: 'Approved — finishing sign-in…'
}

export type ProgressReporter = (flowId: string | undefined, step: SignInProgress['step']) => void

/** Announces each sign-in step to the renderer (`signin:progress`), in words. */
export function signInProgress(events: EventQueue): ProgressReporter {
  return (flowId, step) =>
    events.emit('signin:progress', { ...(flowId ? { flowId } : {}), step, message: PROGRESS[step] })
}

/** The `signin:*` channels: the engine's sign-in flows, ending in an account saved in the vault. */
export function signInHandlers(deps: {
  flows: SignInFlows
  vault: AccountVault
  progress: ProgressReporter
  openExternal(url: string): Promise<void>
}): Pick<Handlers, SignInChannel> {
  const { flows, vault, progress } = deps

  /** Refuse before any network traffic when the sign-in could not be saved anyway. */
  const assertCanSave = () => {
    const storage = vault.storageInfo()
    if (!storage.canSaveSecrets) {
      throw new AppError(
        vault.readOnly ? 'store_read_only' : 'encryption_unavailable',
        vault.readOnly
          ? 'Fedivault opened your accounts read-only, so it cannot add one now. See the notice in Settings.'
          : `Fedivault cannot protect a new sign-in: ${storage.description}. Make your system keychain available, or allow plaintext storage in Settings.`,
        'save'
      )
    }
  }

  const save = async (
    verified: VerifiedSignIn,
    flowId: string | undefined
  ): Promise<AccountProfile> => {
    progress(flowId, 'saving')
    const profile = await vault.add(verified)
    progress(flowId, 'done')
    return profile
  }

  /** The URL of a browser sign-in still in progress (started, not finished nor cancelled). */
  const flowUrl = (flowId: string): string => {
    const url = flows.authorizationUrl(flowId)
    if (url === undefined) {
      throw new AppError(
        'unknown_flow',
        'That sign-in is no longer in progress. Start again.',
        'browser'
      )
    }
    return url
  }

  const finishBrowser = async (flowId: string, run: Promise<VerifiedSignIn>) => {
    try {
      return await save(await run, flowId)
    } finally {
      flows.forget(flowId)
    }
  }

  return {
    'signin:password': async ({ input, username, password }) => {
      assertCanSave()
      return save(await flows.passwordSignIn({ input, username, password }), undefined)
    },
    'signin:startBrowser': async ({ input, forceLogin }) => {
      assertCanSave()
      return flows.startBrowserSignIn({ input, forceLogin })
    },
    'signin:openBrowser': async ({ flowId }) => {
      await deps.openExternal(flowUrl(flowId))
      return { opened: true }
    },
    'signin:awaitBrowser': async ({ flowId }) => {
      flowUrl(flowId)
      return finishBrowser(flowId, flows.waitForBrowserSignIn(flowId))
    },
    'signin:submitCode': async ({ flowId, code }) => {
      flowUrl(flowId)
      return finishBrowser(flowId, flows.completeWithCode(flowId, code))
    },
    'signin:cancel': ({ flowId }) => ({ cancelled: flows.cancel(flowId) })
  }
}
