import { describe, expect, test } from 'vitest'
import { isImageUrl, splitEmoji } from '../../../src/renderer/src/lib/emoji'
import { errorKind, errorTitle, nextStep } from '../../../src/renderer/src/lib/errors'
import { fakeMain } from './support/fake-main'

describe('notices slice', () => {
  test('a repeated message is shown once, and at most five stay', () => {
    const { store } = fakeMain()
    store.getState().pushNotice({ level: 'info', message: 'Copied' })
    store.getState().pushNotice({ level: 'info', message: 'Copied' })
    expect(store.getState().notices).toHaveLength(1)
    for (let i = 0; i < 7; i++) store.getState().pushNotice({ level: 'error', message: `e${i}` })
    expect(store.getState().notices.map((n) => n.message)).toEqual(['e2', 'e3', 'e4', 'e5', 'e6'])
  })

  test('dismiss removes exactly that notice', () => {
    const { store } = fakeMain()
    const a = store.getState().pushNotice({ level: 'info', message: 'a' })
    store.getState().pushNotice({ level: 'info', message: 'b' })
    store.getState().dismissNotice(a)
    expect(store.getState().notices.map((n) => n.message)).toEqual(['b'])
  })
})

describe('error wording', () => {
  test('codes are grouped into the problems the screens explain', () => {
    expect(errorKind({ code: 'network', message: '' })).toBe('unreachable')
    expect(errorKind({ code: 'timeout', message: '' })).toBe('unreachable')
    expect(errorKind({ code: 'unsupported_grant', message: '' })).toBe('password_unavailable')
    expect(errorKind({ code: 'not_fediverse', message: '' })).toBe('not_fediverse')
    expect(errorKind({ code: 'invalid_grant', message: '' })).toBe('bad_credentials')
    expect(errorKind({ code: 'x', message: '', retryAfterSeconds: 30 })).toBe('rate_limited')
    expect(errorKind({ code: 'weird', message: '' })).toBe('other')
  })

  test('network and address problems say what to do next; sign-in refusals leave it to main', () => {
    expect(nextStep({ code: 'network', message: '' })).toMatch(/connection/)
    expect(nextStep({ code: 'not_fediverse', message: '' })).toMatch(/server your account is on/)
    expect(nextStep({ code: 'invalid_credentials', message: '' })).toBeUndefined()
  })

  test('unknown codes get a title from the step that failed, then the fallback', () => {
    expect(errorTitle({ code: 'weird', message: '', step: 'register_app' })).toBe(
      "Couldn't register Fedivault with the server"
    )
    expect(errorTitle({ code: 'weird', message: '' }, 'Fallback')).toBe('Fallback')
  })
})

describe('custom emojis in plain text', () => {
  const blob = { shortcode: 'blobcat', url: 'https://social.example/e/blobcat.png' }

  test('known shortcodes become emojis, unknown ones stay text', () => {
    expect(splitEmoji('Alice :blobcat: :nope:', [blob])).toEqual([
      { text: 'Alice ' },
      { emoji: blob },
      { text: ' :nope:' }
    ])
  })

  test('emojis with a non-http image are not shown as images', () => {
    const evil = { shortcode: 'x', url: 'javascript:alert(1)' }
    expect(splitEmoji(':x:', [evil])).toEqual([{ text: ':x:' }])
    expect(isImageUrl('data:image/png;base64,AAA')).toBe(true)
    expect(isImageUrl('data:text/html,<script>alert(1)</script>')).toBe(false)
    expect(isImageUrl('data:image/svg+xml,<svg onload="alert(1)"/>')).toBe(false)
  })

  test('text without emojis is one part, and empty text none', () => {
    expect(splitEmoji('Alice', [blob])).toEqual([{ text: 'Alice' }])
    expect(splitEmoji('', [blob])).toEqual([])
  })
})
