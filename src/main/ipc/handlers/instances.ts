import type { InstanceInfoDto } from '@shared/domain/instance'
import { MIAUTH_PERMISSIONS } from '../../fediverse/misskey/permissions'
import type { InstanceInfo, SignInFlows, Support } from '../../fediverse'
import type { Handlers } from '../router'

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
    api: info.api,
    signIn: {
      browser:
        info.api === 'misskey'
          ? {
              available: true,
              pkce: false,
              method: 'miauth',
              reason: `${info.title ?? info.domain} asks you to approve the permissions Fedivault lists, on its own page in your browser. There is no password sign-in for apps.`,
              permissions: [...MIAUTH_PERMISSIONS]
            }
          : { available: true, pkce: info.auth.pkce === 'supported', method: 'oauth' },
      password: {
        available: answer[info.auth.passwordGrant],
        ...(info.auth.passwordGrantReason ? { reason: info.auth.passwordGrantReason } : {})
      }
    },
    limits: { maxStatusLen: info.limits.maxStatusLen, maxAttachments: info.limits.maxAttachments }
  }
}

/** `instances:discover`: what the server is and how one signs in to it. */
export function instanceHandlers(
  flows: Pick<SignInFlows, 'discover'>
): Pick<Handlers, 'instances:discover'> {
  return {
    'instances:discover': async ({ input }) => toInstanceDto(await flows.discover(input))
  }
}
