import { describe, expect, test } from 'vitest'
import { settings } from './support/fixtures'
import { fakeMain } from './support/fake-main'

describe('settings slice', () => {
  test('loads settings, and turning script access on applies main’s answer', async () => {
    let current = settings()
    const main = fakeMain({
      'settings:get': () => current,
      'scriptAccess:set': ({ enabled }) =>
        (current = settings({
          scriptAccess: { enabled, running: enabled, port: 47_001, url: 'http://127.0.0.1:47001' }
        }))
    })
    await main.store.getState().loadSettings()
    expect(main.store.getState().settings?.scriptAccess.enabled).toBe(false)
    await main.store.getState().setScriptAccess(true)
    expect(main.callsTo('scriptAccess:set')).toEqual([{ enabled: true }])
    expect(main.store.getState().settings?.scriptAccess.port).toBe(47_001)
    expect(main.store.getState().settingsBusy).toBeNull()
  })

  test('copying the secret asks main to do it and only says whether it worked', async () => {
    const main = fakeMain({ 'scriptAccess:copySecret': () => ({ copied: true }) })
    await main.store.getState().copyScriptSecret()
    expect(main.callsTo('scriptAccess:copySecret')).toEqual([undefined])
    expect(main.store.getState().notices.map((n) => n.level)).toEqual(['info'])
  })

  test('a secret main could not copy is a warning, not a success', async () => {
    const main = fakeMain({ 'scriptAccess:copySecret': () => ({ copied: false }) })
    await main.store.getState().copyScriptSecret()
    expect(main.store.getState().notices.map((n) => n.level)).toEqual(['warning'])
  })

  test('settings:changed from main replaces the settings', () => {
    const main = fakeMain({ 'app:info': () => new Promise(() => undefined) })
    main.store.getState().boot()
    main.emit('settings:changed', settings({ closeToTray: false }))
    expect(main.store.getState().settings?.closeToTray).toBe(false)
  })

  test('the audit log loads, and a failure is kept to show', async () => {
    const entries = [{ at: 1, route: '/v1/token', status: 200 }]
    const main = fakeMain({ 'scriptAccess:auditLog': () => ({ entries }) })
    await main.store.getState().loadAuditLog()
    expect(main.store.getState().auditLog).toEqual(entries)

    const broken = fakeMain()
    await broken.store.getState().loadAuditLog()
    expect(broken.store.getState().auditStatus).toBe('error')
    expect(broken.store.getState().auditError?.code).toBe('internal')
  })
})
