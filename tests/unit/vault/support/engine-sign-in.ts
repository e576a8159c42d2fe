import { SignInFlows, type VerifiedSignIn } from '../../../../src/main/fediverse'
import type { AccountVault } from '../../../../src/main/vault/account-vault'
import type { Simulator } from '../../../sim'

const flowsByVault = new WeakMap<AccountVault, SignInFlows>()

/**
 * A browser sign-in through the engine's SignInFlows, with the vault as its app registry: the
 * simulator plays the person (out-of-band code), the engine exchanges and verifies.
 */
export async function engineSignIn(
  vault: AccountVault,
  sim: Simulator,
  username: string,
  password: string
): Promise<VerifiedSignIn> {
  let flows = flowsByVault.get(vault)
  if (!flows) {
    flows = new SignInFlows({ apps: vault.apps })
    flowsByVault.set(vault, flows)
  }
  const start = await flows.startBrowserSignIn({ input: sim.url, forceLogin: true })
  const { code } = await sim.approve(start.manualAuthorizationUrl, { username, password })
  if (!code) throw new Error('the simulator showed no code')
  return flows.completeWithCode(start.flowId, code)
}
