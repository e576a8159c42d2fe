import { describe, expect, test, vi } from 'vitest'
import { channels } from '@shared/ipc/contract'
import { createRouter, type Handlers } from '../../../src/main/ipc/router'
import { createGateway, type SenderInfo, type TrustedWindow } from '../../../src/main/ipc/gateway'
import { AppError } from '../../../src/main/ipc/handlers/errors'
import { FediverseError } from '../../../src/main/fediverse'
import { errorDetail, redactSecrets } from '../../../src/main/logging/error-detail'
import { VaultError } from '../../../src/main/vault'
import { DomainError } from '../../../src/main/domain-error'
import type { IpcErrorCode } from '@shared/ipc/error-codes'

const notUsed = () => {
  throw new Error('not used in this test')
}
function handlers(overrides: Partial<Handlers>): Handlers {
  const all = Object.fromEntries(channels.map((c) => [c, notUsed])) as unknown as Handlers
  return { ...all, ...overrides }
}

const state = { accounts: [], activeAccountId: null }

describe('router', () => {
  test('refuses a payload that fails its schema without calling the service', async () => {
    const rename = vi.fn(() => state)
    const dispatch = createRouter(handlers({ 'accounts:rename': rename }))
    const result = await dispatch('accounts:rename', { id: 'alice@example.test', label: 42 })
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    expect(result.ok === false && result.error.message).toContain('label')
    expect(rename).not.toHaveBeenCalled()
  })

  test('refuses an unknown channel', async () => {
    const dispatch = createRouter(handlers({}))
    expect(await dispatch('shell:openExternal', 'file:///etc/passwd')).toMatchObject({
      ok: false,
      error: { code: 'unknown_channel' }
    })
    expect(await dispatch('__proto__', undefined)).toMatchObject({ ok: false })
  })

  test('passes a valid payload and strips unknown keys from the answer', async () => {
    const dispatch = createRouter(
      handlers({
        'accounts:list': () =>
          ({ ...state, accessToken: 'secret-token-must-not-leave-main' }) as typeof state
      })
    )
    const result = await dispatch('accounts:list', undefined)
    expect(result).toEqual({ ok: true, data: state })
    expect(JSON.stringify(result)).not.toContain('secret-token')
  })

  test('domain errors keep their code, message and step; others become a generic error', async () => {
    const onUnexpectedError = vi.fn()
    const dispatch = createRouter(
      handlers({
        'accounts:switch': () => {
          throw new AppError('unknown_flow', 'That sign-in is no longer in progress.', 'browser')
        },
        'accounts:list': () => {
          throw new TypeError('cannot read x of undefined at /home/user/secret/path')
        }
      }),
      { onUnexpectedError }
    )
    expect(await dispatch('accounts:switch', { id: 'alice@example.test' })).toEqual({
      ok: false,
      error: {
        code: 'unknown_flow',
        message: 'That sign-in is no longer in progress.',
        step: 'browser'
      }
    })
    const generic = await dispatch('accounts:list', undefined)
    expect(generic).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(JSON.stringify(generic)).not.toContain('/home/user')
    expect(onUnexpectedError).toHaveBeenCalledOnce()
  })
})

describe('the error boundary', () => {
  class OddError extends DomainError {
    readonly code = 'made_up_code' as IpcErrorCode
  }

  test('passes only DomainErrors with a code of the vocabulary; logs everything else', async () => {
    const onUnexpectedError = vi.fn()
    const nodeError = Object.assign(new Error("ENOENT: no such file, open '/home/u/vault.json'"), {
      code: 'ENOENT',
      syscall: 'open'
    })
    const thrown: Record<string, unknown> = {
      'accounts:list': nodeError,
      'accounts:get': new OddError('odd'),
      'accounts:switch': new VaultError('not_found', 'There is no account bob@example.test.'),
      'instances:discover': new FediverseError({
        code: 'rate_limited',
        step: 'discover',
        message: 'The server asks to wait.',
        retryAfterSeconds: 30,
        status: 429
      })
    }
    const dispatch = createRouter(
      handlers(
        Object.fromEntries(
          Object.entries(thrown).map(([channel, error]) => [
            channel,
            () => {
              throw error
            }
          ])
        )
      ),
      { onUnexpectedError }
    )
    const list = await dispatch('accounts:list', undefined)
    expect(list).toEqual({
      ok: false,
      error: {
        code: 'internal',
        message: 'Something went wrong inside Fedivault. Please try again.'
      }
    })
    expect(await dispatch('accounts:get', { id: 'bob@example.test' })).toMatchObject({
      ok: false,
      error: { code: 'internal' }
    })
    expect(await dispatch('accounts:switch', { id: 'bob@example.test' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'There is no account bob@example.test.' }
    })
    expect(await dispatch('instances:discover', { input: 'example.test' })).toEqual({
      ok: false,
      error: {
        code: 'rate_limited',
        message: 'The server asks to wait.',
        step: 'discover',
        retryAfterSeconds: 30
      }
    })
    expect(onUnexpectedError.mock.calls.map(([channel]) => channel)).toEqual([
      'accounts:list',
      'accounts:get'
    ])
    expect(onUnexpectedError.mock.calls[0]![1]).toBe(nodeError)
  })

  test('the log detail names the Node code and the place, and blanks out secrets', () => {
    const error = Object.assign(
      new Error('POST failed: Authorization: Bearer abc.DEF-123 body password=hunter2&code=xyz'),
      { code: 'ECONNRESET', syscall: 'read' }
    )
    const detail = errorDetail(error)
    expect(detail).toMatchObject({ code: 'ECONNRESET', syscall: 'read' })
    expect(detail.error).toContain('POST failed')
    expect(detail.at).toMatch(/router\.test\.ts/)
    const text = JSON.stringify(detail)
    for (const secret of ['abc.DEF-123', 'hunter2', 'xyz']) expect(text).not.toContain(secret)
    expect(redactSecrets('{"access_token":"t0k3n","scope":"read"}')).toBe(
      '{"access_token":"[redacted]","scope":"read"}'
    )
  })
})

describe('gateway sender check', () => {
  const mainFrame = { url: 'file:///app/out/renderer/index.html' }
  const window: TrustedWindow = { webContentsId: 7, mainFrame, allowedOrigins: ['file://'] }
  const gateway = createGateway(
    createRouter(handlers({ 'accounts:list': () => state })),
    () => window
  )

  test('answers our window main frame', async () => {
    const event: SenderInfo = { sender: { id: 7 }, senderFrame: mainFrame }
    expect(await gateway.handle('accounts:list', event, undefined)).toEqual({
      ok: true,
      data: state
    })
  })

  test.each([
    ['another webContents', { sender: { id: 8 }, senderFrame: mainFrame }],
    [
      'a sub-frame of our window',
      { sender: { id: 7 }, senderFrame: { url: mainFrame.url, parent: mainFrame } }
    ],
    ['a destroyed frame', { sender: { id: 7 }, senderFrame: null }]
  ])('refuses %s', async (_name, event) => {
    expect(await gateway.handle('accounts:list', event as SenderInfo, undefined)).toMatchObject({
      ok: false,
      error: { code: 'forbidden_sender' }
    })
  })

  test('refuses our main frame once it navigated to another origin', async () => {
    const navigated = { url: 'https://evil.example/' }
    const w: TrustedWindow = { ...window, mainFrame: navigated }
    const g = createGateway(createRouter(handlers({ 'accounts:list': () => state })), () => w)
    expect(
      await g.handle('accounts:list', { sender: { id: 7 }, senderFrame: navigated }, undefined)
    ).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } })
  })
})
