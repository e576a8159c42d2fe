import { describe, expect, test } from 'vitest'
import { trayIconFile, trayIconPath } from '../../../src/main/tray/tray-icon'
import { trayTooltip } from '../../../src/main/tray/tray-view'
import { account } from './accounts'

describe('trayTooltip', () => {
  const alice = account('alice@mastodon.social')
  const bob = account('bob@fosstodon.org', { status: 'needs_reauth' })

  test('names the active handle', () => {
    expect(trayTooltip([alice], alice.id)).toBe('Fedivault — @alice@mastodon.social')
  })
  test('says when the active account needs signing in again', () => {
    expect(trayTooltip([alice, bob], bob.id)).toBe(
      'Fedivault — @bob@fosstodon.org (⚠ sign in again) · 1 account needs sign-in'
    )
  })
  test('says how many accounts need sign-in, and that part is never cut off', () => {
    const carol = account('carol@example.social', { status: 'needs_reauth' })
    expect(trayTooltip([alice, bob, carol], alice.id)).toBe(
      'Fedivault — @alice@mastodon.social · 2 accounts need sign-in'
    )
    expect(trayTooltip([alice, bob], null)).toBe('Fedivault — 1 account needs sign-in')
    const long = account(`${'a'.repeat(150)}@example.social`)
    const text = trayTooltip([long, bob], long.id)
    expect([...text].length).toBeLessThanOrEqual(127)
    expect(text.endsWith('… · 1 account needs sign-in')).toBe(true)
  })
  test('no accounts, or none active', () => {
    expect(trayTooltip([], null)).toBe('Fedivault — no accounts')
    expect(trayTooltip([alice], null)).toBe('Fedivault — no active account')
    expect(trayTooltip([alice], 'someone@else.example')).toBe('Fedivault — no active account')
  })
  test('stays within the 127 characters Windows shows', () => {
    const long = account(`${'a'.repeat(150)}@example.social`)
    const text = trayTooltip([long], long.id)
    expect([...text].length).toBeLessThanOrEqual(127)
    expect(text.endsWith('…')).toBe(true)
  })
})

describe('trayIconFile', () => {
  test('macOS uses the template image whatever the theme', () => {
    expect(trayIconFile('darwin', 'light')).toBe('trayTemplate.png')
    expect(trayIconFile('darwin', 'dark')).toBe('trayTemplate.png')
  })
  test('elsewhere the glyph contrasts with the panel', () => {
    expect(trayIconFile('win32', 'dark')).toBe('tray-on-dark.png')
    expect(trayIconFile('win32', 'light')).toBe('tray-on-light.png')
    expect(trayIconFile('linux', 'dark')).toBe('tray-on-dark.png')
  })
  test('resolves inside the resources directory', () => {
    expect(trayIconPath('/app/resources', 'linux', 'light')).toBe(
      '/app/resources/tray-on-light.png'
    )
  })
})
