import type { AxiosInstance } from 'axios'
import { FediverseError, verifyCredentials, type InstanceInfo } from '../fediverse'
import type { AccountChecker } from '../transfer/account-check'
import { EngineFailure } from '../vault/ports'
import { toEngineFailure } from './fediverse-account-server'

/**
 * Transfer's account checker over the engine: discovery (cached by the sign-in flows) and
 * verify_credentials. A failure arrives as the vault's `EngineFailure`; when the engine itself
 * refused (discovery: "not a fediverse server", "http only on loopback"…) it keeps the engine's
 * own words, unless they echo the token.
 */
export function engineAccountChecker(deps: {
  discover(input: string): Promise<InstanceInfo>
  client: AxiosInstance
}): AccountChecker {
  return {
    async check(apiBaseUrl, accessToken) {
      try {
        const instance = await deps.discover(apiBaseUrl)
        const account = await verifyCredentials({
          apiBaseUrl: instance.apiBaseUrl,
          accessToken,
          client: deps.client
        })
        return {
          apiBaseUrl: instance.apiBaseUrl,
          handle: `${String(account.username)}@${instance.domain}`,
          account,
          instance
        }
      } catch (error) {
        const failure = toEngineFailure(error, [accessToken])
        const own = error instanceof FediverseError ? error.message : ''
        if (failure.kind === 'failed' && own && !own.includes(accessToken)) {
          throw new EngineFailure('failed', own, failure.status)
        }
        throw failure
      }
    }
  }
}
