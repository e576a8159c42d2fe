import { describe, expect, test } from 'vitest'
import { IpcFailure } from '../../../src/renderer/src/lib/ipc'
import { accountsState, summary } from './support/fixtures'
import { fakeMain, MainError } from './support/fake-main'

describe('the IPC client', () => {
  test('returns the data of a successful answer', async () => {
    const state = accountsState([summary()], 'alice@social.example')
    const main = fakeMain({ 'accounts:list': () => state })
    await expect(main.client.accounts.list()).resolves.toEqual(state)
  })

  test('throws a refusal as an IpcFailure with code, message and step', async () => {
    const main = fakeMain({
      'instances:discover': () => {
        throw new MainError('unreachable', 'Could not connect to nowhere.test.', 'discover')
      }
    })
    const error = await main.client.instances.discover({ input: 'nowhere.test' }).catch((e) => e)
    expect(error).toBeInstanceOf(IpcFailure)
    expect(error).toMatchObject({
      code: 'unreachable',
      message: 'Could not connect to nowhere.test.',
      step: 'discover'
    })
  })

  test('passes the request through unchanged and forwards events', async () => {
    const main = fakeMain({ 'accounts:switch': () => accountsState([], null) })
    await main.client.accounts.switch({ id: 'bob@social.example' })
    expect(main.callsTo('accounts:switch')).toEqual([{ id: 'bob@social.example' }])

    const seen: string[] = []
    const off = main.client.on('app:notice', (n) => seen.push(n.code))
    main.emit('app:notice', { level: 'info', code: 'hello', message: 'Hello' })
    off()
    main.emit('app:notice', { level: 'info', code: 'ignored', message: 'Nope' })
    expect(seen).toEqual(['hello'])
  })
})
