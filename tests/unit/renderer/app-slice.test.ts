import { describe, expect, test } from 'vitest'
import { accountsState, summary } from './support/fixtures'
import { fakeMain, flush, MainError } from './support/fake-main'

const info = {
  name: 'Fedivault',
  version: '0.1.0',
  platform: 'linux',
  harness: true,
  capabilities: { nativeFileDialogs: false },
  notices: [{ level: 'warning' as const, code: 'plaintext', message: 'Tokens are in plaintext.' }]
}

describe('app slice: boot', () => {
  test('attaches listeners before telling main it is ready, then loads the first screen', async () => {
    let listenersAtReady = -1
    const main = fakeMain({
      'app:info': () => info,
      'accounts:list': () => accountsState([summary()], 'alice@social.example')
    })
    const originalReady = main.api.ready
    main.api.ready = () => {
      listenersAtReady = main.listenerCount
      originalReady()
    }
    const store = fakeMainStore(main)
    const off = store.getState().boot()
    expect(listenersAtReady).toBe(1) // one transport subscription carries every event
    await flush()
    await flush()
    const s = store.getState()
    expect(s.bootStatus).toBe('ready')
    expect(s.info?.version).toBe('0.1.0')
    expect(s.accounts).toHaveLength(1)
    expect(s.notices.map((n) => n.code)).toEqual(['plaintext'])
    off()
  })

  test('a failing app:info is a boot error, not a blank screen', async () => {
    const main = fakeMain({
      'app:info': () => {
        throw new MainError('disconnected', 'Lost the connection to Fedivault. Reload the page.')
      }
    })
    main.store.getState().boot()
    await flush()
    expect(main.store.getState().bootStatus).toBe('error')
    expect(main.store.getState().bootError?.code).toBe('disconnected')
  })

  test('the tray can open "Add account", which starts a fresh onboarding', () => {
    const main = fakeMain({ 'app:info': () => new Promise(() => undefined) })
    main.store.getState().boot()
    main.emit('app:navigate', { to: 'add-account' })
    expect(main.store.getState().view).toBe('onboarding')
    main.emit('app:navigate', { to: 'settings' })
    expect(main.store.getState().view).toBe('settings')
  })

  test('unsubscribing stops events from reaching the store', () => {
    const main = fakeMain({ 'app:info': () => new Promise(() => undefined) })
    const off = main.store.getState().boot()
    off()
    main.emit('app:navigate', { to: 'settings' })
    expect(main.store.getState().view).toBe('accounts')
  })
})

// The client wraps `api` at creation, so a test that patches `api.ready` builds a fresh store.
import { createIpcClient } from '../../../src/renderer/src/lib/ipc'
import { createAppStore } from '../../../src/renderer/src/store'
function fakeMainStore(main: ReturnType<typeof fakeMain>) {
  return createAppStore(createIpcClient(main.api))
}
