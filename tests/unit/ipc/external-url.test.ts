import { expect, test } from 'vitest'
import { isAppUrl, isSafeExternalUrl } from '../../../src/main/platform/external-url'

test.each([
  ['https://mastodon.social/@alice', true],
  ['http://127.0.0.1:8080/oauth/authorize?x=1', true],
  ['file:///etc/passwd', false],
  ['javascript:alert(1)', false],
  ['smb://host/share', false],
  ['ms-settings:', false],
  ['not a url', false]
])('%s may be opened in the system browser: %s', (url, expected) => {
  expect(isSafeExternalUrl(url)).toBe(expected)
})

test('the window may only navigate within the app', () => {
  expect(isAppUrl('file:///app/out/renderer/index.html#x', ['file://'])).toBe(true)
  expect(isAppUrl('https://evil.example/', ['file://'])).toBe(false)
  expect(isAppUrl('http://localhost:5173/', ['http://localhost:5173'])).toBe(true)
})
