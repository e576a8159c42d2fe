import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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
        throw new MainError('network', 'Could not connect to nowhere.test.', 'discover')
      }
    })
    const error = await main.client.instances.discover({ input: 'nowhere.test' }).catch((e) => e)
    expect(error).toBeInstanceOf(IpcFailure)
    expect(error).toMatchObject({
      code: 'network',
      message: 'Could not connect to nowhere.test.',
      step: 'discover'
    })
  })

  test('a Node error and a plain Error arrive as internal, a DomainError with its code', async () => {
    const missing = join(tmpdir(), `fedivault-missing-${process.pid}`, 'vault.json')
    const main = fakeMain({
      'accounts:list': () => JSON.parse(readFileSync(missing, 'utf8')),
      'accounts:get': () => {
        throw new Error('cannot read properties of undefined')
      },
      'accounts:switch': () => {
        throw new MainError('not_found', 'There is no account bob@social.example.')
      }
    })
    const nodeError = await main.client.accounts.list().catch((e: unknown) => e)
    expect(nodeError).toBeInstanceOf(IpcFailure)
    expect(nodeError).toMatchObject({ code: 'internal' })
    expect(
      JSON.stringify({ ...(nodeError as object), message: (nodeError as Error).message })
    ).not.toContain(missing)
    expect((nodeError as Error).message).not.toMatch(/ENOENT|vault\.json/)

    const plain = await main.client.accounts
      .get({ id: 'bob@social.example' })
      .catch((e: unknown) => e)
    expect(plain).toMatchObject({
      code: 'internal',
      message: 'Something went wrong inside Fedivault. Please try again.'
    })

    const domain = await main.client.accounts
      .switch({ id: 'bob@social.example' })
      .catch((e: unknown) => e)
    expect(domain).toMatchObject({
      code: 'not_found',
      message: 'There is no account bob@social.example.'
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
