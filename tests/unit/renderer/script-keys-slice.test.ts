import { describe, expect, test } from 'vitest'
import type { ScriptKeySummary } from '@shared/domain/script-keys'
import { exampleCommand } from '../../../src/renderer/src/features/settings/key-text'
import { fakeMain, MainError } from './support/fake-main'

const plaintext = `fvk_${'k'.repeat(43)}`
const summary = (overrides: Partial<ScriptKeySummary> = {}): ScriptKeySummary => ({
  id: 'k1',
  name: 'bot',
  accounts: ['alice@social.example'],
  mode: 'proxy-read-only',
  createdAt: 1,
  state: 'active',
  ...overrides
})

describe('script keys slice', () => {
  test('create hands the key to the caller only: the store never holds it', async () => {
    let keys: ScriptKeySummary[] = []
    const main = fakeMain({
      'scriptKeys:list': () => ({ keys }),
      'scriptKeys:create': (spec) => {
        keys = [summary({ name: spec.name })]
        return { key: keys[0]!, plaintext }
      }
    })
    const created = await main.store
      .getState()
      .createScriptKey({ name: 'bot', accounts: ['alice@social.example'], mode: 'proxy-read-only' })
    expect(created?.plaintext).toBe(plaintext)
    const state = main.store.getState()
    expect(state.scriptKeys).toEqual([summary()])
    expect(state.scriptKeyBusy).toBeNull()
    const serialisable = Object.fromEntries(
      Object.entries(state).filter(([, value]) => typeof value !== 'function')
    )
    expect(JSON.stringify(serialisable)).not.toContain(plaintext)
  })

  test('a refused create keeps the error for the form and returns null', async () => {
    const main = fakeMain({
      'scriptKeys:create': () => {
        throw new MainError('key_name_taken', 'A key named "bot" already exists.')
      }
    })
    expect(
      await main.store
        .getState()
        .createScriptKey({ name: 'bot', accounts: 'active', mode: 'token' })
    ).toBeNull()
    expect(main.store.getState().scriptKeysError).toMatchObject({ code: 'key_name_taken' })
  })

  test('revoke applies main’s list; a failure becomes a notice', async () => {
    const main = fakeMain({
      'scriptKeys:revoke': ({ id }) => ({ keys: [summary({ id, state: 'revoked', revokedAt: 2 })] })
    })
    await main.store.getState().revokeScriptKey('k1')
    expect(main.callsTo('scriptKeys:revoke')).toEqual([{ id: 'k1' }])
    expect(main.store.getState().scriptKeys?.[0]?.state).toBe('revoked')
    const failing = fakeMain({
      'scriptKeys:revoke': () => {
        throw new MainError('key_not_found', 'That key does not exist any more.')
      }
    })
    await failing.store.getState().revokeScriptKey('gone')
    expect(failing.store.getState().notices.map((n) => n.code)).toEqual(['key_not_found'])
  })

  test('the one-line example fits the mode', () => {
    expect(exampleCommand(plaintext, summary())).toBe(
      `FEDIVAULT_KEY=${plaintext} fedivault api --account alice@social.example GET /api/v1/notifications`
    )
    expect(exampleCommand(plaintext, summary({ mode: 'token', accounts: 'active' }))).toBe(
      `FEDIVAULT_KEY=${plaintext} fedivault token`
    )
  })
})
