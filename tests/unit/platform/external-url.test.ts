import { expect, test } from 'vitest'
import { isSafeExternalUrl } from '../../../src/main/platform/external-url'

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
