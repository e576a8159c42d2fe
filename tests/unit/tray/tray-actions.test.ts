import { describe, expect, test } from 'vitest'
import { trayActionHandler } from '../../../src/main/tray/tray-actions'

function recorder() {
  const calls: string[] = []
  const handle = trayActionHandler({
    switchAccount: async (id) => void calls.push(`switch ${id}`),
    setScriptAccess: async (on) => void calls.push(`script access ${on}`),
    showWindow: () => void calls.push('show window'),
    navigate: (to) => void calls.push(`navigate ${to}`),
    quit: () => void calls.push('quit')
  })
  return { calls, handle }
}

describe('trayActionHandler', () => {
  test.each([
    [{ kind: 'switch', accountId: 'bob@fosstodon.org' } as const, ['switch bob@fosstodon.org']],
    [{ kind: 'toggle-script-access', enable: true } as const, ['script access true']],
    [{ kind: 'toggle-script-access', enable: false } as const, ['script access false']],
    [{ kind: 'open' } as const, ['show window']],
    [{ kind: 'add-account' } as const, ['show window', 'navigate add-account']],
    [{ kind: 'quit' } as const, ['quit']]
  ])('%o', async (action, expected) => {
    const { calls, handle } = recorder()
    await handle(action)
    expect(calls).toEqual(expected)
  })

  test('a failed switch reaches the caller (TrayService logs it and redraws the menu)', async () => {
    const handle = trayActionHandler({
      switchAccount: async () => {
        throw new Error('vault locked')
      },
      setScriptAccess: () => {},
      showWindow: () => {},
      navigate: () => {},
      quit: () => {}
    })
    await expect(handle({ kind: 'switch', accountId: 'a@b.c' })).rejects.toThrow('vault locked')
  })
})
