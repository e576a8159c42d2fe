import type { AccountProfile, AccountSummary, AccountsState } from '@shared/domain/account'
import type { InstanceInfoDto } from '@shared/domain/instance'
import type { SettingsDto } from '@shared/domain/settings'
import type { BrowserFlow } from '@shared/ipc/contract'

export function instance(overrides: Partial<InstanceInfoDto> = {}): InstanceInfoDto {
  return {
    input: 'social.example',
    domain: 'social.example',
    apiBaseUrl: 'https://social.example',
    software: 'mastodon',
    api: 'mastodon',
    version: '4.3.2',
    title: 'Social Example',
    signIn: {
      browser: { available: true, pkce: true },
      password: { available: 'yes' }
    },
    ...overrides
  }
}

export const noPasswordInstance = () =>
  instance({
    software: 'mastodon',
    version: '4.6.0',
    signIn: {
      browser: { available: true, pkce: true },
      password: {
        available: 'no',
        reason: 'Mastodon 4.4 and later no longer accept passwords from apps.'
      }
    }
  })

export function summary(overrides: Partial<AccountSummary> = {}): AccountSummary {
  const username = overrides.username ?? 'alice'
  const domain = overrides.domain ?? 'social.example'
  return {
    id: `${username}@${domain}`,
    username,
    domain,
    apiBaseUrl: `https://${domain}`,
    software: 'mastodon',
    api: 'mastodon',
    softwareVersion: '4.3.2',
    displayName: username[0]!.toUpperCase() + username.slice(1),
    emojis: [],
    status: 'ok',
    active: false,
    position: 0,
    ...overrides
  }
}

export function profile(overrides: Partial<AccountProfile> = {}): AccountProfile {
  return {
    ...summary(overrides),
    note: '<p>Hello</p>',
    fields: [],
    followersCount: 3,
    followingCount: 2,
    statusesCount: 1,
    bot: false,
    locked: false,
    scopes: ['read', 'write'],
    createdAt: 1_700_000_000_000,
    ...overrides
  }
}

export function accountsState(
  accounts: AccountSummary[],
  activeAccountId: string | null = null
): AccountsState {
  return {
    accounts: accounts.map((a) => ({ ...a, active: a.id === activeAccountId })),
    activeAccountId
  }
}

export function flow(id = 'flow-0001'): BrowserFlow {
  return {
    flowId: id,
    authorizationUrl: `https://social.example/oauth/authorize?state=${id}`,
    manualAuthorizationUrl: `https://social.example/oauth/authorize?redirect_uri=urn:ietf:wg:oauth:2.0:oob&state=${id}`,
    expiresAt: Date.now() + 600_000,
    method: 'oauth',
    pasteCode: true
  }
}

export function settings(overrides: Partial<SettingsDto> = {}): SettingsDto {
  return {
    storage: {
      backend: 'gnome_libsecret',
      description: 'GNOME Keyring (libsecret)',
      protectedByOs: true,
      canSaveSecrets: true,
      plaintextOptIn: false,
      location: '/home/me/.config/Fedivault/vault.json'
    },
    scriptAccess: { enabled: false, running: false },
    closeToTray: true,
    startup: {
      available: false,
      openAtLogin: false,
      mechanism: 'none',
      detail: 'Only the desktop app can start at login.'
    },
    notifications: { enabled: true, supported: false },
    theme: 'system',
    ...overrides
  }
}
