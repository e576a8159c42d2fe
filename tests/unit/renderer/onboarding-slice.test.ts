import { describe, expect, test } from 'vitest'
import type { AccountProfile } from '@shared/domain/account'
import type { InstanceInfoDto } from '@shared/domain/instance'
import { ONBOARDING_TRANSITIONS } from '../../../src/renderer/src/store/slices/onboarding'
import {
  accountsState,
  flow,
  instance,
  noPasswordInstance,
  profile,
  summary
} from './support/fixtures'
import { deferred, fakeMain, flush, MainError, type Handlers } from './support/fake-main'

const alice = profile({ username: 'alice' })

/**
 * A fake main in which signing in saves the account, as the real services do: it becomes the
 * active account only when none is.
 */
function signInMain(extra: Handlers = {}, existing = accountsState([])) {
  let state = existing
  const saved = (p: AccountProfile) => {
    const others = state.accounts.filter((a) => a.id !== p.id)
    state = accountsState(
      [...others, { ...p, position: others.length }],
      state.activeAccountId ?? p.id
    )
    return p
  }
  const main = fakeMain({
    'instances:discover': ({ input }) => instance({ input }),
    'accounts:list': () => state,
    'accounts:switch': ({ id }) => (state = accountsState(state.accounts, id)),
    'signin:password': () => saved(alice),
    'signin:startBrowser': () => flow(),
    'signin:openBrowser': () => ({ opened: true }),
    'signin:awaitBrowser': () => saved(alice),
    'signin:submitCode': () => saved(alice),
    'signin:cancel': () => ({ cancelled: true }),
    ...extra
  })
  return { main, saved }
}

/** The instance step with the server looked up: where the sign-in method is chosen. */
async function toMethodStep(main: ReturnType<typeof fakeMain>, input = 'social.example') {
  const s = main.store.getState()
  s.setInstanceInput(input)
  await s.discoverInstance()
}

describe('onboarding: the instance step', () => {
  test('an empty address is refused without asking main', async () => {
    const { main } = signInMain()
    await main.store.getState().discoverInstance()
    expect(main.store.getState().onboarding.error?.code).toBe('empty_input')
    expect(main.callsTo('instances:discover')).toEqual([])
  })

  test('discovery shows the server and preselects browser sign-in', async () => {
    const { main } = signInMain()
    main.store.getState().setInstanceInput('  @alice@social.example ')
    await main.store.getState().discoverInstance()
    const ob = main.store.getState().onboarding
    expect(main.callsTo('instances:discover')).toEqual([{ input: '@alice@social.example' }])
    expect(ob.instance?.software).toBe('mastodon')
    expect(ob.method).toBe('browser')
    expect(ob.busy).toBeNull()
  })

  test('a server that offers only passwords preselects password', async () => {
    const passwordOnly = instance({
      signIn: {
        browser: { available: false, pkce: false, reason: 'No OAuth' },
        password: { available: 'yes' }
      }
    })
    const { main } = signInMain({ 'instances:discover': () => passwordOnly })
    main.store.getState().setInstanceInput('social.example')
    await main.store.getState().discoverInstance()
    expect(main.store.getState().onboarding.method).toBe('password')
  })

  test('an answer for an address the person has since edited is dropped', async () => {
    const slow = deferred<InstanceInfoDto>()
    const { main } = signInMain({ 'instances:discover': () => slow.promise })
    main.store.getState().setInstanceInput('old.example')
    const pending = main.store.getState().discoverInstance()
    main.store.getState().setInstanceInput('new.example')
    slow.resolve(instance({ input: 'old.example', domain: 'old.example' }))
    await pending
    const ob = main.store.getState().onboarding
    expect(ob.input).toBe('new.example')
    expect(ob.instance).toBeNull()
    expect(ob.busy).toBeNull()
  })

  test('a failed lookup keeps the step and shows main’s code and message', async () => {
    const { main } = signInMain({
      'instances:discover': () => {
        throw new MainError('not_fediverse', 'html.example is a website, not a fediverse server.')
      }
    })
    main.store.getState().setInstanceInput('html.example')
    await main.store.getState().discoverInstance()
    const ob = main.store.getState().onboarding
    expect(ob.step).toBe('instance')
    expect(ob.error).toEqual({
      code: 'not_fediverse',
      message: 'html.example is a website, not a fediverse server.'
    })
    await main.store.getState().startSignIn()
    expect(main.store.getState().onboarding.step).toBe('instance')
    expect(main.callsTo('signin:startBrowser')).toEqual([])
  })
})

describe('onboarding: the step machine', () => {
  test('only the listed edges exist, and verified is final', () => {
    // No method screen: the instance step holds the choice.
    expect(ONBOARDING_TRANSITIONS.instance).toEqual(['browser-wait', 'password'])
    expect(ONBOARDING_TRANSITIONS['browser-wait']).toEqual(['instance', 'verified'])
    expect(ONBOARDING_TRANSITIONS.verified).toEqual([])
  })

  test('password cannot be chosen where the server refuses it', async () => {
    const { main } = signInMain({ 'instances:discover': () => noPasswordInstance() })
    await toMethodStep(main)
    main.store.getState().chooseMethod('password')
    expect(main.store.getState().onboarding.method).toBe('browser')
  })

  test('back goes from password to the instance step, the server still looked up', async () => {
    const { main } = signInMain()
    await toMethodStep(main)
    main.store.getState().chooseMethod('password')
    await main.store.getState().startSignIn()
    expect(main.store.getState().onboarding.step).toBe('password')
    await main.store.getState().back()
    expect(main.store.getState().onboarding).toMatchObject({
      step: 'instance',
      instance: { domain: 'social.example' }
    })
  })
})

describe('onboarding: password sign-in', () => {
  test('sends the password once, keeps it nowhere; the first account is the active one', async () => {
    const { main } = signInMain()
    await toMethodStep(main)
    main.store.getState().chooseMethod('password')
    await main.store.getState().startSignIn()
    await main.store.getState().submitPassword(' alice ', 'correct horse')

    expect(main.callsTo('signin:password')).toEqual([
      { input: 'social.example', username: 'alice', password: 'correct horse' }
    ])
    const state = main.store.getState()
    expect(JSON.stringify(state)).not.toContain('correct horse')
    expect(state.onboarding.step).toBe('verified')
    expect(state.onboarding.profile?.id).toBe('alice@social.example')
    expect(state.activeAccountId).toBe('alice@social.example')
    // Main made it active (there was no other); the window did not have to switch.
    expect(main.callsTo('accounts:switch')).toEqual([])
  })

  test('a second account does not take over; "Make this the active account" switches and back', async () => {
    const bob = summary({ username: 'bob', domain: 'other.example' })
    const { main } = signInMain({}, accountsState([bob], bob.id))
    await main.store.getState().loadAccounts()
    await toMethodStep(main)
    main.store.getState().chooseMethod('password')
    await main.store.getState().startSignIn()
    await main.store.getState().submitPassword('alice', 'correct horse')
    expect(main.store.getState().onboarding).toMatchObject({
      step: 'verified',
      busy: null,
      previousActiveId: bob.id
    })
    expect(main.store.getState().activeAccountId).toBe(bob.id)
    expect(main.callsTo('accounts:switch')).toEqual([])

    await main.store.getState().setNewAccountActive(true)
    expect(main.store.getState().activeAccountId).toBe('alice@social.example')
    await main.store.getState().setNewAccountActive(false)
    expect(main.store.getState().activeAccountId).toBe(bob.id)
    expect(main.callsTo('accounts:switch')).toEqual([
      { id: 'alice@social.example' },
      { id: bob.id }
    ])
  })

  test('a refused password stays on the step with the error, and is not kept either', async () => {
    const { main } = signInMain({
      'signin:password': () => {
        throw new MainError('invalid_credentials', 'Wrong username or password.', 'token')
      }
    })
    await toMethodStep(main)
    main.store.getState().chooseMethod('password')
    await main.store.getState().startSignIn()
    await main.store.getState().submitPassword('alice', 'wrong horse')
    const state = main.store.getState()
    expect(state.onboarding.step).toBe('password')
    expect(state.onboarding.error?.code).toBe('invalid_credentials')
    expect(state.onboarding.busy).toBeNull()
    expect(JSON.stringify(state)).not.toContain('wrong horse')
  })
})

describe('onboarding: browser sign-in', () => {
  test('starts a flow, opens the browser and lands on the verified profile', async () => {
    const { main } = signInMain()
    await toMethodStep(main)
    await main.store.getState().startSignIn()
    expect(main.callsTo('signin:startBrowser')).toEqual([
      { input: 'social.example', forceLogin: false }
    ])
    expect(main.callsTo('signin:openBrowser')).toEqual([{ flowId: 'flow-0001' }])
    expect(main.callsTo('signin:awaitBrowser')).toEqual([{ flowId: 'flow-0001' }])
    const ob = main.store.getState().onboarding
    expect(ob.step).toBe('verified')
    expect(ob.browserOpened).toBe(true)
    expect(main.store.getState().activeAccountId).toBe('alice@social.example')
  })

  test('asks for a fresh login page when an account on the same server exists', async () => {
    const bob = summary({ username: 'bob' })
    const { main } = signInMain({}, accountsState([bob], bob.id))
    await main.store.getState().loadAccounts()
    await toMethodStep(main)
    await main.store.getState().startSignIn()
    expect(main.callsTo('signin:startBrowser')).toEqual([
      { input: 'social.example', forceLogin: true }
    ])
  })

  test('shows progress for its own flow only, while waiting', async () => {
    const approval = deferred<AccountProfile>()
    const { main } = signInMain({ 'signin:awaitBrowser': () => approval.promise })
    await toMethodStep(main)
    const running = main.store.getState().startSignIn()
    await flush()
    main.store.getState().boot()
    main.emit('signin:progress', { flowId: 'other-flow', step: 'verifying', message: 'Not ours' })
    expect(main.store.getState().onboarding.progress).toBeNull()
    main.emit('signin:progress', {
      flowId: 'flow-0001',
      step: 'waiting_for_browser',
      message: 'Waiting for you to approve in the browser'
    })
    expect(main.store.getState().onboarding.progress?.message).toBe(
      'Waiting for you to approve in the browser'
    )
    approval.resolve(alice)
    await running
    expect(main.store.getState().onboarding.step).toBe('verified')
  })

  test('cancel tells main, returns to the instance step, and a late approval is ignored', async () => {
    const approval = deferred<AccountProfile>()
    const { main } = signInMain({ 'signin:awaitBrowser': () => approval.promise })
    await toMethodStep(main)
    const running = main.store.getState().startSignIn()
    await flush()
    expect(main.store.getState().onboarding.step).toBe('browser-wait')
    await main.store.getState().cancelBrowserSignIn()
    expect(main.callsTo('signin:cancel')).toEqual([{ flowId: 'flow-0001' }])
    approval.resolve(alice)
    await running
    const ob = main.store.getState().onboarding
    expect(ob.step).toBe('instance')
    expect(ob.flow).toBeNull()
    expect(ob.profile).toBeNull()
  })

  test('a pasted code signs in, and the loopback wait ending afterwards is not an error', async () => {
    const approval = deferred<AccountProfile>()
    const { main } = signInMain({ 'signin:awaitBrowser': () => approval.promise })
    await toMethodStep(main)
    const running = main.store.getState().startSignIn()
    await flush()
    main.store.getState().showManualEntry()
    await main.store.getState().submitCode('  the-code  ')
    expect(main.callsTo('signin:submitCode')).toEqual([{ flowId: 'flow-0001', code: 'the-code' }])
    approval.reject(new MainError('cancelled', 'The flow ended.'))
    await running
    const ob = main.store.getState().onboarding
    expect(ob.step).toBe('verified')
    expect(ob.error).toBeNull()
  })

  test('the loopback wait ending while a code is being exchanged never shows an error', async () => {
    const approval = deferred<AccountProfile>()
    const exchange = deferred<AccountProfile>()
    const { main } = signInMain({
      'signin:awaitBrowser': () => approval.promise,
      'signin:submitCode': () => exchange.promise
    })
    await toMethodStep(main)
    const running = main.store.getState().startSignIn()
    await flush()
    const errors: unknown[] = []
    main.store.subscribe((s) => s.onboarding.error && errors.push(s.onboarding.error))
    const submitting = main.store.getState().submitCode('the-code')
    approval.reject(new MainError('cancelled', 'The flow ended.'))
    await flush()
    exchange.resolve(alice)
    await Promise.all([submitting, running])
    expect(errors).toEqual([])
    expect(main.store.getState().onboarding.step).toBe('verified')
  })

  test('starting over after a finished sign-in does not cancel anything', async () => {
    const { main } = signInMain()
    await toMethodStep(main)
    await main.store.getState().startSignIn()
    main.store.getState().restartOnboarding()
    expect(main.callsTo('signin:cancel')).toEqual([])
    expect(main.store.getState().onboarding.step).toBe('instance')
  })

  test('a wrong code shows the error and keeps waiting for the browser', async () => {
    const approval = deferred<AccountProfile>()
    const { main } = signInMain({
      'signin:awaitBrowser': () => approval.promise,
      'signin:submitCode': () => {
        throw new MainError('invalid_grant', 'The code was not accepted.', 'token')
      }
    })
    await toMethodStep(main)
    void main.store.getState().startSignIn()
    await flush()
    await main.store.getState().submitCode('bad')
    const ob = main.store.getState().onboarding
    expect(ob.step).toBe('browser-wait')
    expect(ob.error?.code).toBe('invalid_grant')
    expect(ob.busy).toBe('waiting-for-browser')
  })

  test('a browser that could not be opened is reported, and the flow goes on', async () => {
    const { main } = signInMain({
      'signin:openBrowser': () => ({ opened: false }),
      'signin:awaitBrowser': () => new Promise<never>(() => undefined)
    })
    await toMethodStep(main)
    void main.store.getState().startSignIn()
    await flush()
    await flush()
    const ob = main.store.getState().onboarding
    expect(ob.step).toBe('browser-wait')
    expect(ob.browserOpened).toBe(false)
  })

  test('leaving onboarding while waiting cancels the flow', async () => {
    const { main } = signInMain({
      'signin:awaitBrowser': () => new Promise<never>(() => undefined)
    })
    await toMethodStep(main)
    void main.store.getState().startSignIn()
    await flush()
    main.store.getState().navigate('accounts')
    expect(main.callsTo('signin:cancel')).toEqual([{ flowId: 'flow-0001' }])
    expect(main.store.getState().onboarding.step).toBe('instance')
  })
})

describe('onboarding: signing in again', () => {
  test('starts at the account’s server with its username remembered and a fresh login', async () => {
    const bob = summary({ username: 'bob', status: 'needs_reauth' })
    const { main } = signInMain({}, accountsState([bob], bob.id))
    await main.store.getState().loadAccounts()
    await main.store.getState().signInAgain(bob)
    const state = main.store.getState()
    expect(state.view).toBe('onboarding')
    expect(main.callsTo('instances:discover')).toEqual([{ input: 'https://social.example' }])
    expect(state.onboarding.reauth).toEqual({ accountId: bob.id, username: 'bob' })
    await main.store.getState().startSignIn()
    expect(main.callsTo('signin:startBrowser')[0]).toMatchObject({ forceLogin: true })
  })
})
