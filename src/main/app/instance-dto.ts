import type { InstanceInfoDto } from '../../shared/domain/instance'
import type { InstanceInfo, Support } from '../fediverse'

const answer: Record<Support, 'yes' | 'no' | 'unknown'> = {
  supported: 'yes',
  unsupported: 'no',
  unknown: 'unknown'
}

/** The engine's discovery result, reduced to what the onboarding screen shows. */
export function toInstanceDto(info: InstanceInfo): InstanceInfoDto {
  return {
    input: info.input,
    ...(info.username ? { username: info.username } : {}),
    domain: info.domain,
    apiBaseUrl: info.apiBaseUrl,
    software: info.software,
    ...(info.version ? { version: info.version } : {}),
    ...(info.title ? { title: info.title } : {}),
    ...(info.description ? { description: info.description } : {}),
    ...(info.thumbnail ? { thumbnail: info.thumbnail } : {}),
    signIn: {
      browser: { available: true, pkce: info.auth.pkce === 'supported' },
      password: {
        available: answer[info.auth.passwordGrant],
        ...(info.auth.passwordGrantReason ? { reason: info.auth.passwordGrantReason } : {})
      }
    },
    limits: { maxStatusLen: info.limits.maxStatusLen, maxAttachments: info.limits.maxAttachments }
  }
}
