import { describe, expect, test } from 'vitest'
import { settings } from './support/fixtures'
import { deferred, fakeMain, MainError } from './support/fake-main'
import type { SettingsDto } from '@shared/domain/settings'

/** The theme radio shows the choice at once, even while another settings change is saved. */
describe('theme', () => {
  test('shown at once, then main’s answer; a second choice right after is not lost', async () => {
    const first = deferred<SettingsDto>()
    const answers = [first.promise, Promise.resolve(settings({ theme: 'system' }))]
    const main = fakeMain({
      'settings:get': () => settings({ theme: 'dark' }),
      'settings:update': () => answers.shift()!
    })
    await main.store.getState().loadSettings()
    const light = main.store.getState().setTheme('light')
    expect(main.store.getState().settings?.theme).toBe('light')
    const system = main.store.getState().setTheme('system')
    expect(main.store.getState().settings?.theme).toBe('system')
    first.resolve(settings({ theme: 'light' }))
    await light
    await system
    expect(main.store.getState().settings?.theme).toBe('system')
    expect(main.callsTo('settings:update')).toEqual([{ theme: 'light' }, { theme: 'system' }])
  })

  test('a refused change puts the old theme back and says why', async () => {
    const main = fakeMain({
      'settings:get': () => settings({ theme: 'dark' }),
      'settings:update': () => {
        throw new MainError('invalid_settings', 'Those settings are not valid.')
      }
    })
    await main.store.getState().loadSettings()
    await main.store.getState().setTheme('light')
    expect(main.store.getState().settings?.theme).toBe('dark')
    expect(main.store.getState().notices.map((n) => n.message)).toEqual([
      'Those settings are not valid.'
    ])
  })
})
