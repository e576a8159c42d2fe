import { describe, expect, test, vi } from 'vitest'
import { channels } from '../../../src/shared/ipc/contract'
import { createRouter, type Handlers } from '../../../src/main/ipc/router'
import { createGateway, type SenderInfo, type TrustedWindow } from '../../../src/main/ipc/gateway'
import { AppError } from '../../../src/main/app/errors'

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
          throw new AppError('unknown_account', 'No account alice@example.test.', 'switch')
        },
        'accounts:list': () => {
          throw new TypeError('cannot read x of undefined at /home/user/secret/path')
        }
      }),
      { onUnexpectedError }
    )
    expect(await dispatch('accounts:switch', { id: 'alice@example.test' })).toEqual({
      ok: false,
      error: { code: 'unknown_account', message: 'No account alice@example.test.', step: 'switch' }
    })
    const generic = await dispatch('accounts:list', undefined)
    expect(generic).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(JSON.stringify(generic)).not.toContain('/home/user')
    expect(onUnexpectedError).toHaveBeenCalledOnce()
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
