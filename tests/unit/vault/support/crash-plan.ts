import type { AccountVault } from '../../../../src/main/vault'

/** Write n: even n adds account u<n> with token tok-<n>; odd n labels account u<n-1>. */
export async function crashWrite(vault: AccountVault, n: number): Promise<void> {
  if (n % 2 === 0) {
    const username = `u${n}`
    await vault.add({
      apiBaseUrl: `https://h${n % 7}.crash.example`,
      handle: `${username}@h${n % 7}.crash.example`,
      account: { id: String(n), username, display_name: `User ${n}`, note: 'x'.repeat(200) },
      tokens: { accessToken: `tok-${n}`, tokenType: 'Bearer', scope: ['read'], createdAt: n },
      app: {
        clientId: `client-${n % 7}`,
        clientSecret: `secret-${n % 7}`,
        redirectUris: [],
        scopes: ['read'],
        registeredAt: 0
      },
      instance: { software: 'mastodon' }
    })
  } else {
    vault.rename(crashAccountId(n - 1), `label-${n}`)
  }
}

export function crashAccountId(n: number): string {
  return `u${n}@h${n % 7}.crash.example`
}
