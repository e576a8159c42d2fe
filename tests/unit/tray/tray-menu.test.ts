import { describe, expect, test } from 'vitest'
import {
  buildTrayMenu,
  type TrayMenuInput,
  type TrayMenuItem
} from '../../../src/main/tray/tray-menu'
import { account, manyAccounts } from './accounts'

const alice = account('alice@mastodon.social', { displayName: 'Alice', position: 0 })
const bob = account('bob@fosstodon.org', { displayName: 'Bob B.', position: 1 })
const carol = account('carol@hachyderm.io', { displayName: 'Carol', position: 2 })

function menu(overrides: Partial<TrayMenuInput> = {}): TrayMenuItem[] {
  return buildTrayMenu({
    accounts: [],
    activeAccountId: null,
    scriptAccessEnabled: false,
    platform: 'darwin',
    ...overrides
  })
}

/** A readable outline: one line per item, `(•)`/`( )` radio, `[x]`/`[ ]` checkbox, `---` separator. */
function outline(items: readonly TrayMenuItem[]): string[] {
  return items.map((item) => {
    if (item.type === 'separator') return '---'
    const mark =
      item.type === 'radio'
        ? item.checked
          ? '(•) '
          : '( ) '
        : item.type === 'checkbox'
          ? item.checked
            ? '[x] '
            : '[ ] '
          : ''
    const disabled = item.enabled === false ? ' {disabled}' : ''
    return `${mark}${item.label}${disabled}`
  })
}

const byId = (items: readonly TrayMenuItem[], id: string) => items.find((i) => i.id === id)

describe('buildTrayMenu', () => {
  test('no accounts: says so, offers to add one, open, script access and quit', () => {
    expect(outline(menu())).toEqual([
      'No accounts yet {disabled}',
      '---',
      'Add account…',
      'Open Fedivault',
      '---',
      '[ ] Script access',
      '---',
      'Quit Fedivault'
    ])
    expect(byId(menu(), 'add-account')?.action).toEqual({ kind: 'add-account' })
    expect(byId(menu(), 'open')?.action).toEqual({ kind: 'open' })
    expect(byId(menu(), 'quit')?.action).toEqual({ kind: 'quit' })
  })

  test('one account: a checked radio item with display name and full handle, no quick switch', () => {
    const items = menu({ accounts: [alice], activeAccountId: alice.id })
    expect(outline(items).slice(0, 2)).toEqual(['(•) Alice (@alice@mastodon.social)', '---'])
    expect(byId(items, 'switch-other')).toBeUndefined()
    expect(byId(items, 'account:alice@mastodon.social')?.action).toEqual({
      kind: 'switch',
      accountId: 'alice@mastodon.social'
    })
  })

  test('exactly two accounts: "Switch to <other>" comes first and switches to the other one', () => {
    const items = menu({ accounts: [alice, bob], activeAccountId: alice.id })
    expect(outline(items).slice(0, 4)).toEqual([
      'Switch to Bob B. (@bob@fosstodon.org)',
      '---',
      '(•) Alice (@alice@mastodon.social)',
      '( ) Bob B. (@bob@fosstodon.org)'
    ])
    expect(items[0]).toMatchObject({
      id: 'switch-other',
      action: { kind: 'switch', accountId: bob.id }
    })

    const flipped = menu({ accounts: [alice, bob], activeAccountId: bob.id })
    expect(flipped[0]).toMatchObject({
      label: 'Switch to Alice (@alice@mastodon.social)',
      action: { kind: 'switch', accountId: alice.id }
    })
  })

  test('two accounts but none active, or the other being removed: no quick switch', () => {
    expect(
      byId(menu({ accounts: [alice, bob], activeAccountId: null }), 'switch-other')
    ).toBeUndefined()
    const leaving = { ...bob, status: 'pending_removal' as const }
    expect(
      byId(menu({ accounts: [alice, leaving], activeAccountId: alice.id }), 'switch-other')
    ).toBeUndefined()
  })

  test('three accounts: no quick switch, one radio per account in position order', () => {
    const items = menu({ accounts: [carol, alice, bob], activeAccountId: bob.id })
    expect(outline(items).slice(0, 3)).toEqual([
      '( ) Alice (@alice@mastodon.social)',
      '(•) Bob B. (@bob@fosstodon.org)',
      '( ) Carol (@carol@hachyderm.io)'
    ])
    expect(items.filter((i) => i.checked && i.type === 'radio')).toHaveLength(1)
  })

  test('many accounts: the first ten inline, the rest in a "More accounts" submenu', () => {
    const accounts = manyAccounts(14)
    const items = menu({ accounts, activeAccountId: 'user12@host12.example' })
    const radios = items.filter((i) => i.type === 'radio')
    expect(radios.map((r) => r.id)).toEqual(accounts.slice(0, 10).map((a) => `account:${a.id}`))
    const more = byId(items, 'more-accounts')
    expect(more?.label).toBe('More accounts (4)')
    expect(more?.submenu?.map((r) => r.id)).toEqual(
      accounts.slice(10).map((a) => `account:${a.id}`)
    )
    // The active account is still marked, inside the submenu.
    expect(more?.submenu?.find((r) => r.checked)?.id).toBe('account:user12@host12.example')
  })

  test('every status: needs sign-in is marked, offline is marked, pending removal is marked and disabled', () => {
    const accounts = [
      account('ok@a.example', { position: 0 }),
      account('reauth@b.example', { position: 1, status: 'needs_reauth' }),
      account('off@c.example', { position: 2, status: 'offline' }),
      account('gone@d.example', { position: 3, status: 'pending_removal' })
    ]
    expect(outline(menu({ accounts, activeAccountId: 'ok@a.example' })).slice(0, 4)).toEqual([
      '(•) Ok (@ok@a.example)',
      '( ) Reauth (@reauth@b.example) — ⚠ sign in again',
      '( ) Off (@off@c.example) — offline',
      '( ) Gone (@gone@d.example) — being removed {disabled}'
    ])
  })

  test('an account that needs signing in again can still be chosen', () => {
    const reauth = account('reauth@b.example', { status: 'needs_reauth' })
    expect(
      byId(menu({ accounts: [reauth], activeAccountId: null }), 'account:reauth@b.example')
    ).toMatchObject({
      enabled: true,
      action: { kind: 'switch', accountId: 'reauth@b.example' }
    })
  })

  test('script access: checkbox reflects the setting and asks for the opposite', () => {
    const off = byId(menu({ scriptAccessEnabled: false }), 'script-access')
    const on = byId(menu({ scriptAccessEnabled: true }), 'script-access')
    expect(off).toMatchObject({
      checked: false,
      action: { kind: 'toggle-script-access', enable: true }
    })
    expect(on).toMatchObject({
      checked: true,
      action: { kind: 'toggle-script-access', enable: false }
    })
  })

  test('labels: user label appended, empty display name falls back to the username', () => {
    const labelled = account('dev@work.example', { displayName: '', label: 'work' })
    expect(menu({ accounts: [labelled], activeAccountId: null })[0]?.label).toBe(
      'dev (@dev@work.example) · work'
    )
  })

  test('display names cannot smuggle in bidi overrides, control characters or endless length', () => {
    const spoof = account('mallory@evil.example', {
      displayName: 'Alice\u202e\u0007 (@alice@mastodon.social)' + 'x'.repeat(100)
    })
    const label = menu({ accounts: [spoof], activeAccountId: null })[0]?.label ?? ''
    expect(label.includes('\u202e') || label.includes('\u0007')).toBe(false)
    expect(label.endsWith('(@mallory@evil.example)')).toBe(true)
    expect(label.length).toBeLessThan(80)
  })

  test('Windows and Linux: a literal & is doubled so it is not read as an access key', () => {
    const amp = account('ann@a.example', { displayName: 'Ann & Co' })
    expect(menu({ accounts: [amp], platform: 'win32' })[0]?.label).toBe(
      'Ann && Co (@ann@a.example)'
    )
    expect(menu({ accounts: [amp], platform: 'linux' })[0]?.label).toBe(
      'Ann && Co (@ann@a.example)'
    )
    expect(menu({ accounts: [amp], platform: 'darwin' })[0]?.label).toBe(
      'Ann & Co (@ann@a.example)'
    )
  })

  test('avatar icons on macOS only, and only for accounts that have one', () => {
    const input = {
      accounts: [alice, bob],
      activeAccountId: alice.id,
      avatarIcons: { [alice.id]: '/cache/alice.png' }
    }
    const mac = menu({ ...input, platform: 'darwin' })
    expect(byId(mac, `account:${alice.id}`)?.icon).toBe('/cache/alice.png')
    expect(byId(mac, `account:${bob.id}`)?.icon).toBeUndefined()
    for (const platform of ['win32', 'linux'] as const) {
      expect(menu({ ...input, platform }).some((i) => i.icon)).toBe(false)
    }
  })
})
