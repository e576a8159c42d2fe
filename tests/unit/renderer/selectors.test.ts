import { describe, expect, test } from 'vitest'
import {
  accountName,
  accountSelectors,
  fullHandle,
  onboardingSelectors,
  passwordAvailability,
  settingsSelectors
} from '../../../src/renderer/src/store/selectors'
import type { AppState } from '../../../src/renderer/src/store/types'
import { initialOnboarding } from '../../../src/renderer/src/store/slices/onboarding'
import { instance, noPasswordInstance, settings, summary } from './support/fixtures'

const state = (over: Partial<AppState>) =>
  ({ accounts: [], activeAccountId: null, ...over }) as AppState

describe('account selectors', () => {
  const alice = summary({ username: 'alice' })
  const bob = summary({ username: 'bob', position: 1 })
  const carol = summary({ username: 'carol', domain: 'other.example', position: 2 })
  const s = state({ accounts: [alice, bob, carol], activeAccountId: bob.id })

  test('full handle and display name', () => {
    expect(fullHandle(alice)).toBe('@alice@social.example')
    expect(accountName(alice)).toBe('Alice')
    expect(accountName({ ...alice, label: ' Work ' })).toBe('Work')
    expect(accountName({ ...alice, displayName: '  ' })).toBe('alice')
  })

  test('active account, and which accounts share a server', () => {
    expect(accountSelectors.activeAccount(s)?.username).toBe('bob')
    expect(accountSelectors.sharesServer(alice.id)(s)).toBe(true)
    expect(accountSelectors.sharesServer(carol.id)(s)).toBe(false)
  })

  test('moves are allowed only inside the list', () => {
    expect(accountSelectors.canMove(alice.id, -1)(s)).toBe(false)
    expect(accountSelectors.canMove(alice.id, 1)(s)).toBe(true)
    expect(accountSelectors.canMove(carol.id, 1)(s)).toBe(false)
    expect(accountSelectors.canMove('nobody@x', 1)(s)).toBe(false)
  })

  test('accounts needing attention', () => {
    const t = state({
      accounts: [alice, { ...bob, status: 'needs_reauth' }, { ...carol, status: 'pending_removal' }]
    })
    expect(accountSelectors.needingAttention(t).map((a) => a.username)).toEqual(['bob', 'carol'])
  })
})

describe('onboarding selectors', () => {
  test('password unavailable: a plain headline saying what to do, the server’s reason as detail', () => {
    expect(passwordAvailability(instance())).toEqual({ available: true, uncertain: false })
    expect(passwordAvailability(noPasswordInstance())).toEqual({
      available: false,
      headline: 'This server no longer accepts passwords — use browser sign-in.',
      reason: 'Mastodon 4.4 and later no longer accept passwords from apps.'
    })
    const gts = instance({
      software: 'gotosocial',
      signIn: { browser: { available: true, pkce: true }, password: { available: 'no' } }
    })
    expect(passwordAvailability(gts)).toEqual({
      available: false,
      headline: "This server doesn't accept passwords — use browser sign-in."
    })
    const neither = instance({
      software: 'gotosocial',
      signIn: { browser: { available: false, pkce: false }, password: { available: 'no' } }
    })
    expect(passwordAvailability(neither)).toMatchObject({
      headline: "This server doesn't accept passwords."
    })
  })

  test('can continue only when some sign-in method exists and nothing is running', () => {
    const on = (over: Partial<AppState['onboarding']>) =>
      state({ onboarding: { ...initialOnboarding(), ...over } })
    expect(onboardingSelectors.canContinue(on({}))).toBe(false)
    expect(onboardingSelectors.canContinue(on({ instance: instance() }))).toBe(true)
    expect(onboardingSelectors.canContinue(on({ instance: instance(), busy: 'discovering' }))).toBe(
      false
    )
    const none = instance({
      signIn: { browser: { available: false, pkce: false }, password: { available: 'no' } }
    })
    expect(onboardingSelectors.canContinue(on({ instance: none }))).toBe(false)
  })

  test('progress text prefers main’s live message and is empty when idle', () => {
    const on = (over: Partial<AppState['onboarding']>) =>
      state({ onboarding: { ...initialOnboarding(), ...over } })
    expect(onboardingSelectors.progressText(on({}))).toBeNull()
    expect(onboardingSelectors.progressText(on({ busy: 'waiting-for-browser' }))).toBe(
      'Waiting for you to approve in the browser…'
    )
    expect(
      onboardingSelectors.progressText(
        on({ busy: 'signing-in', progress: { step: 'verifying', message: 'Checking the account' } })
      )
    ).toBe('Checking the account')
  })

  test('password and browser wait count as the same step', () => {
    const on = (step: AppState['onboarding']['step']) =>
      state({ onboarding: { ...initialOnboarding(), step } })
    expect(onboardingSelectors.stepNumber(on('instance'))).toBe(1)
    expect(onboardingSelectors.stepNumber(on('password'))).toBe(2)
    expect(onboardingSelectors.stepNumber(on('browser-wait'))).toBe(2)
    expect(onboardingSelectors.stepNumber(on('verified'))).toBe(3)
  })
})

describe('settings selectors', () => {
  test('no warning when the OS keychain protects tokens', () => {
    expect(settingsSelectors.storageWarning(settings())).toBeNull()
    expect(settingsSelectors.storageWarning(null)).toBeNull()
  })

  test('a warning when it does not, worded for each case', () => {
    const base = settings().storage
    const plaintext = settings({
      storage: { ...base, backend: 'basic_text', protectedByOs: false, plaintextOptIn: true }
    })
    expect(settingsSelectors.storageWarning(plaintext)).toMatch(/without OS keychain protection/)
    const cannot = settings({
      storage: { ...base, protectedByOs: false, canSaveSecrets: false }
    })
    expect(settingsSelectors.storageWarning(cannot)).toMatch(/cannot save sign-ins/)
  })
})
