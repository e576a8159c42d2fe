import { SignInFlows, type VerifiedSignIn } from '../../../../src/main/fediverse'
import type { AccountVault } from '../../../../src/main/vault'
import type { Simulator } from '../../../sim'

const flowsByVault = new WeakMap<AccountVault, SignInFlows>()

/** One engine per vault, with the vault as its app registry, as in the app. */
export function flowsFor(vault: AccountVault): SignInFlows {
  let flows = flowsByVault.get(vault)
  if (!flows) {
    flows = new SignInFlows({ apps: vault.apps })
    flowsByVault.set(vault, flows)
  }
  return flows
}

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
  const flows = flowsFor(vault)
  const start = await flows.startBrowserSignIn({ input: sim.url, forceLogin: true })
  const { code } = await sim.approve(start.manualAuthorizationUrl, { username, password })
  if (!code) throw new Error('the simulator showed no code')
  return flows.completeWithCode(start.flowId, code)
}

/**
 * A browser sign-in as the person makes it: the engine opens the authorization page, the
 * simulator signs in there and redirects, the "browser" follows the redirect to the engine's
 * loopback listener, and the engine exchanges the code and verifies.
 */
export async function engineBrowserSignIn(
  vault: AccountVault,
  sim: Simulator,
  username: string,
  password: string
): Promise<VerifiedSignIn> {
  const flows = flowsFor(vault)
  const start = await flows.startBrowserSignIn({ input: sim.url, forceLogin: true })
  const result = flows.waitForBrowserSignIn(start.flowId)
  result.catch(() => {})
  const { location } = await sim.approve(start.authorizationUrl, { username, password })
  if (!location?.startsWith('http://127.0.0.1:')) {
    flows.cancel(start.flowId)
    throw new Error(`the simulator did not redirect to the loopback listener (${location})`)
  }
  const page = await fetch(location)
  if (!page.ok) throw new Error(`the loopback listener answered ${page.status}`)
  await page.text()
  return result
}
