import type { AccountStatus, AccountSummary } from '@shared/domain/account'
import type { InstanceInfoDto } from '@shared/domain/instance'
import type { SettingsDto } from '@shared/domain/settings'
import type { AppState, OnboardingStep } from './types'

/**
 * Selectors: plain functions over the state (or over one DTO), grouped per slice. Components pick
 * with them; tests call them directly.
 */

export const fullHandle = (a: Pick<AccountSummary, 'username' | 'domain'>) =>
  `@${a.username}@${a.domain}`

/** What the person calls the account: their label, else the display name, else the username. */
export const accountName = (a: Pick<AccountSummary, 'label' | 'displayName' | 'username'>) =>
  a.label?.trim() || a.displayName.trim() || a.username

export const STATUS_TEXT: Record<AccountStatus, string> = {
  ok: 'Signed in',
  needs_reauth: 'Needs sign-in',
  offline: 'Offline',
  pending_removal: 'Pending removal'
}

export const accountSelectors = {
  accounts: (s: AppState) => s.accounts,
  hasAccounts: (s: AppState) => s.accounts.length > 0,
  activeAccount: (s: AppState): AccountSummary | undefined =>
    s.accounts.find((a) => a.id === s.activeAccountId),
  byId:
    (id: string) =>
    (s: AppState): AccountSummary | undefined =>
      s.accounts.find((a) => a.id === id),
  busyAction: (id: string) => (s: AppState) => s.accountBusy[id],
  removalReason: (id: string) => (s: AppState) => s.removalReasons[id],
  /** Accounts that need the person to act (sign in again, retry a removal). */
  needingAttention: (s: AppState) =>
    s.accounts.filter((a) => a.status === 'needs_reauth' || a.status === 'pending_removal'),
  /** How many accounts need the person: the count on the header switcher. */
  attentionCount: (s: AppState) =>
    s.accounts.filter((a) => a.status === 'needs_reauth' || a.status === 'pending_removal').length,
  canMove: (id: string, delta: -1 | 1) => (s: AppState) => {
    const i = s.accounts.findIndex((a) => a.id === id)
    return i >= 0 && i + delta >= 0 && i + delta < s.accounts.length
  },
  /**
   * Several accounts on one server share a server badge, so a row must also show what tells them
   * apart: true when another account has the same domain.
   */
  sharesServer: (id: string) => (s: AppState) => {
    const me = s.accounts.find((a) => a.id === id)
    return !!me && s.accounts.some((a) => a.id !== id && a.domain === me.domain)
  }
}

export type PasswordAvailability =
  { available: true; uncertain: boolean } | { available: false; headline: string; reason?: string }

/**
 * Password sign-in, in words the onboarding screens can show: a plain headline that says what to
 * do instead, and the server-specific reason from discovery as the detail.
 */
export function passwordAvailability(instance: InstanceInfoDto): PasswordAvailability {
  const { available, reason } = instance.signIn.password
  if (available !== 'no') return { available: true, uncertain: available === 'unknown' }
  // Mastodon took password sign-in away in 4.4; other servers never offered it to apps.
  const verb =
    instance.software.toLowerCase() === 'mastodon' ? 'no longer accepts' : "doesn't accept"
  const instead = instance.signIn.browser.available ? ' — use browser sign-in' : ''
  return {
    available: false,
    headline: `This server ${verb} passwords${instead}.`,
    ...(reason ? { reason } : {})
  }
}

export const STEP_ORDER: readonly OnboardingStep[] = ['instance', 'browser-wait', 'verified']

export const onboardingSelectors = {
  state: (s: AppState) => s.onboarding,
  step: (s: AppState) => s.onboarding.step,
  /** Whether the person can go on from the instance step. */
  canContinue: (s: AppState) => {
    const { instance, busy } = s.onboarding
    if (!instance || busy) return false
    return instance.signIn.browser.available || passwordAvailability(instance).available
  },
  /** Step number for the stepper; browser wait and password are the same step. */
  stepNumber: (s: AppState) => {
    const step = s.onboarding.step === 'password' ? 'browser-wait' : s.onboarding.step
    return STEP_ORDER.indexOf(step) + 1
  },
  /** The live line under a spinner: main's latest progress message, or what we are doing. */
  progressText: (s: AppState): string | null => {
    const { busy, progress } = s.onboarding
    if (!busy) return null
    if (progress && progress.step !== 'done') return progress.message
    switch (busy) {
      case 'discovering':
        return 'Looking up the server…'
      case 'starting-browser':
        return 'Preparing browser sign-in…'
      case 'waiting-for-browser':
        return 'Waiting for you to approve in the browser…'
      case 'submitting-code':
        return 'Checking the code…'
      case 'signing-in':
        return 'Signing in…'
      case 'activating':
        return 'Saving the account…'
    }
  }
}

export const settingsSelectors = {
  settings: (s: AppState) => s.settings,
  /** The warning Settings shows when tokens are not protected by the OS keychain, else null. */
  storageWarning: (settings: SettingsDto | null): string | null => {
    if (!settings) return null
    const { storage } = settings
    if (!storage.canSaveSecrets) {
      return 'Fedivault cannot save sign-ins on this computer: no OS keychain is available. Sign-ins will not be kept.'
    }
    if (!storage.protectedByOs) {
      return storage.plaintextOptIn
        ? 'Tokens are saved without OS keychain protection (you allowed plaintext storage). Anyone who can read your files can use your accounts.'
        : 'Tokens are not protected by the OS keychain on this computer.'
    }
    return null
  }
}
