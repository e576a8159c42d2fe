import { describe, expect, test } from 'vitest'
import type { AccountsState } from '@shared/domain/account'
import { accountsState, summary } from './support/fixtures'
import { fakeMain, MainError } from './support/fake-main'

const alice = summary({ username: 'alice', position: 0 })
const bob = summary({ username: 'bob', position: 1 })
const carol = summary({ username: 'carol', domain: 'other.example', position: 2 })

describe('accounts slice', () => {
  test('loads the list sorted by position, whatever order main sends', async () => {
    const main = fakeMain({ 'accounts:list': () => accountsState([carol, alice, bob], bob.id) })
    await main.store.getState().loadAccounts()
    const s = main.store.getState()
    expect(s.accounts.map((a) => a.username)).toEqual(['alice', 'bob', 'carol'])
    expect(s.activeAccountId).toBe(bob.id)
    expect(s.accountsStatus).toBe('ready')
  })

  test('a failed load is kept as an error to show with a retry', async () => {
    const main = fakeMain({
      'accounts:list': () => {
        throw new MainError('store_read_only', 'The account store could not be opened.')
      }
    })
    await main.store.getState().loadAccounts()
    expect(main.store.getState().accountsStatus).toBe('error')
    expect(main.store.getState().accountsError?.code).toBe('store_read_only')
  })

  test('moving an account sends the new order and shows it at once', async () => {
    let state = accountsState([alice, bob, carol], alice.id)
    const main = fakeMain({
      'accounts:list': () => state,
      'accounts:reorder': ({ ids }) => {
        const byId = new Map(state.accounts.map((a) => [a.id, a]))
        state = accountsState(
          ids.map((id, position) => ({ ...byId.get(id)!, position })),
          state.activeAccountId
        )
        return state
      }
    })
    await main.store.getState().loadAccounts()
    const moving = main.store.getState().moveAccount(carol.id, -1)
    expect(main.store.getState().accounts.map((a) => a.username)).toEqual(['alice', 'carol', 'bob'])
    expect(main.store.getState().accountBusy[carol.id]).toBe('reorder')
    await moving
    expect(main.callsTo('accounts:reorder')).toEqual([{ ids: [alice.id, carol.id, bob.id] }])
    expect(main.store.getState().accounts.map((a) => a.username)).toEqual(['alice', 'carol', 'bob'])
    expect(main.store.getState().accountBusy).toEqual({})
  })

  test('a second action on an account is ignored while the first runs', async () => {
    const main = fakeMain({
      'accounts:list': () => accountsState([alice, bob], alice.id),
      'accounts:reverify': () => new Promise(() => undefined),
      'accounts:reorder': () => accountsState([bob, alice], alice.id)
    })
    await main.store.getState().loadAccounts()
    void main.store.getState().reverifyAccount(bob.id)
    await main.store.getState().moveAccount(bob.id, -1)
    void main.store.getState().reverifyAccount(bob.id)
    expect(main.callsTo('accounts:reorder')).toEqual([])
    expect(main.callsTo('accounts:reverify')).toHaveLength(1)
    expect(main.store.getState().accounts.map((a) => a.username)).toEqual(['alice', 'bob'])
  })

  test('a move past either end does nothing; a refused move restores the order', async () => {
    const main = fakeMain({
      'accounts:list': () => accountsState([alice, bob], alice.id),
      'accounts:reorder': () => {
        throw new MainError('invalid_order', 'The list changed; try again.')
      }
    })
    await main.store.getState().loadAccounts()
    await main.store.getState().moveAccount(alice.id, -1)
    expect(main.callsTo('accounts:reorder')).toEqual([])
    await main.store.getState().moveAccount(bob.id, -1)
    const s = main.store.getState()
    expect(s.accounts.map((a) => a.username)).toEqual(['alice', 'bob'])
    expect(s.notices.map((n) => n.code)).toEqual(['invalid_order'])
  })

  test('rename trims the label and applies main’s answer', async () => {
    const main = fakeMain({
      'accounts:rename': ({ id, label }) =>
        accountsState([{ ...alice, label }, bob].filter(Boolean), id)
    })
    expect(await main.store.getState().renameAccount(alice.id, '  Work  ')).toBe(true)
    expect(main.callsTo('accounts:rename')).toEqual([{ id: alice.id, label: 'Work' }])
    expect(main.store.getState().accounts[0]?.label).toBe('Work')
  })

  test('removal confirmed by the server drops the account', async () => {
    const main = fakeMain({
      'accounts:list': () => accountsState([alice, bob], alice.id),
      'accounts:remove': () => ({ removed: true, state: accountsState([bob], bob.id) })
    })
    await main.store.getState().loadAccounts()
    expect(await main.store.getState().removeAccount(alice.id)).toBe(true)
    expect(main.callsTo('accounts:remove')).toEqual([{ id: alice.id }])
    expect(main.store.getState().accounts.map((a) => a.id)).toEqual([bob.id])
  })

  test('a Misskey removal keeps a "revoke it on the server" reminder until dismissed; a revoked one none', async () => {
    const dave = summary({ username: 'dave', domain: 'mk.example', api: 'misskey', position: 2 })
    const url = 'https://mk.example/settings/apps'
    const message = 'Removed from Fedivault. The sign-in still works on mk.example.'
    let state = accountsState([alice, bob, dave], dave.id)
    const main = fakeMain({
      'accounts:list': () => state,
      'accounts:remove': ({ id }) => {
        // Main announces the new list before it answers, as the real one does.
        state = accountsState(
          state.accounts.filter((a) => a.id !== id),
          alice.id
        )
        main.store.getState().applyAccountsState(state)
        return id === dave.id
          ? { removed: true, token: { outcome: 'revoke_on_server', url, message }, state }
          : { removed: true, token: { outcome: 'revoked' }, state }
      }
    })
    await main.store.getState().loadAccounts()
    expect(await main.store.getState().removeAccount(bob.id)).toBe(true)
    expect(main.store.getState().revokeOnServer).toEqual([])
    expect(await main.store.getState().removeAccount(dave.id)).toBe(true)
    expect(main.store.getState().revokeOnServer).toEqual([
      { accountId: dave.id, handle: '@dave@mk.example', domain: 'mk.example', url, message }
    ])
    // Still there after other changes to the list; gone when the person is done with it.
    main.store.getState().applyAccountsState(accountsState([alice], alice.id))
    expect(main.store.getState().revokeOnServer).toHaveLength(1)
    main.store.getState().dismissRevokeOnServer(dave.id)
    expect(main.store.getState().revokeOnServer).toEqual([])
  })

  test('a refused revocation keeps the account pending with the reason; force removes it', async () => {
    const pending: AccountsState = accountsState(
      [{ ...alice, status: 'pending_removal' }, bob],
      bob.id
    )
    const main = fakeMain({
      'accounts:list': () => accountsState([alice, bob], alice.id),
      'accounts:remove': ({ force }) =>
        force
          ? { removed: true, state: accountsState([bob], bob.id) }
          : { removed: false, reason: 'social.example did not answer.', state: pending }
    })
    await main.store.getState().loadAccounts()
    expect(await main.store.getState().removeAccount(alice.id)).toBe(false)
    let s = main.store.getState()
    expect(s.accounts[0]?.status).toBe('pending_removal')
    expect(s.removalReasons[alice.id]).toBe('social.example did not answer.')

    expect(await main.store.getState().removeAccount(alice.id, { force: true })).toBe(true)
    expect(main.callsTo('accounts:remove')).toEqual([
      { id: alice.id },
      { id: alice.id, force: true }
    ])
    s = main.store.getState()
    expect(s.accounts.map((a) => a.id)).toEqual([bob.id])
    expect(s.removalReasons).toEqual({})
  })

  test('switch and re-verify apply main’s state; failures become notices', async () => {
    const main = fakeMain({
      'accounts:switch': ({ id }) => accountsState([alice, bob], id),
      'accounts:reverify': () => {
        throw new MainError('network', 'Could not connect to social.example.', 'verify_credentials')
      }
    })
    await main.store.getState().switchAccount(bob.id)
    expect(main.store.getState().activeAccountId).toBe(bob.id)
    await main.store.getState().reverifyAccount()
    expect(main.callsTo('accounts:reverify')).toEqual([{}])
    expect(main.store.getState().notices.at(-1)).toMatchObject({
      level: 'error',
      code: 'network'
    })
  })

  test('accounts:changed from main replaces the list', () => {
    const main = fakeMain({ 'app:info': () => new Promise(() => undefined) })
    main.store.getState().boot()
    main.emit('accounts:changed', accountsState([bob, alice], alice.id))
    expect(main.store.getState().accounts.map((a) => a.username)).toEqual(['alice', 'bob'])
    expect(main.store.getState().activeAccountId).toBe(alice.id)
  })
})
