import type { AccountStatus, AccountSummary } from '@shared/domain/account'

/** An account row as the account service would report it. */
export function account(
  handle: string,
  overrides: Partial<AccountSummary> & { status?: AccountStatus } = {}
): AccountSummary {
  const [username = handle, domain = 'example.social'] = handle.split('@')
  return {
    id: handle,
    username,
    domain,
    apiBaseUrl: `https://${domain}`,
    software: 'mastodon',
    api: 'mastodon',
    displayName: username.charAt(0).toUpperCase() + username.slice(1),
    emojis: [],
    status: 'ok',
    active: false,
    position: 0,
    ...overrides
  }
}

/** `count` accounts user0@host0 … with increasing positions. */
export function manyAccounts(count: number): AccountSummary[] {
  return Array.from({ length: count }, (_, i) =>
    account(`user${i}@host${i}.example`, { position: i })
  )
}
