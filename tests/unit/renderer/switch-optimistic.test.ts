import { describe, expect, test } from 'vitest'
import { accountsState, summary } from './support/fixtures'
import { deferred, fakeMain, MainError } from './support/fake-main'

const alice = summary({ username: 'alice', position: 0 })
const bob = summary({ username: 'bob', position: 1 })

/**
 * The radio (and the header switcher) show the new active account as soon as it is chosen, so a
 * pressed radio does not spring back while main answers; a refusal puts the old one back.
 */
describe('switching the active account', () => {
  test('shows the choice at once, then main’s answer', async () => {
    const answer = deferred<ReturnType<typeof accountsState>>()
    const main = fakeMain({
      'accounts:list': () => accountsState([alice, bob], alice.id),
      'accounts:switch': () => answer.promise
    })
    await main.store.getState().loadAccounts()
    const running = main.store.getState().switchAccount(bob.id)
    const during = main.store.getState()
    expect(during.activeAccountId).toBe(bob.id)
    expect(during.accounts.map((a) => a.active)).toEqual([false, true])
    answer.resolve(accountsState([alice, bob], bob.id))
    await running
    expect(main.store.getState().activeAccountId).toBe(bob.id)
    expect(main.callsTo('accounts:switch')).toEqual([{ id: bob.id }])
  })

  test('a refused switch puts the previous active account back and says why', async () => {
    const main = fakeMain({
      'accounts:list': () => accountsState([alice, bob], alice.id),
      'accounts:switch': () => {
        throw new MainError('not_found', 'That account is no longer here.')
      }
    })
    await main.store.getState().loadAccounts()
    await main.store.getState().switchAccount(bob.id)
    const after = main.store.getState()
    expect(after.activeAccountId).toBe(alice.id)
    expect(after.accounts.map((a) => a.active)).toEqual([true, false])
    expect(after.notices.map((n) => n.message)).toEqual(['That account is no longer here.'])
  })
})
