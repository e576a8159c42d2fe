import { failureKind, type AccountServer } from '../ports'
import { encryptionUnavailable } from '../secrets/secret-envelope'
import type { InstanceRecord } from '../storage/store-schema'
import { checkVerifiedSignIn, type VerifiedSignInInput } from './verified-sign-in'
import { revocableHere, supersededTokenNotice } from './token-outcome'
import type { VaultState } from '../vault-state'

/** `transfer` (import, restore) and the label a restore brings along. */
export interface SaveOptions {
  transfer?: boolean
  label?: string
}

/**
 * Saves a verified sign-in; returns its id. It becomes the active account only when none is:
 * scripts and the tray must not start acting as someone else because an account was added (the
 * window offers to switch). Signing in again to an account already here replaces its token
 * (label, position and creation time stay) and revokes the superseded token on the server.
 * `transfer` (import, restore) changes two things: nothing is revoked, and the issuing app does
 * not become the one new sign-ins use (another tool's app may lack Fedivault's redirect URIs).
 * `label` names a new account (a restore brings its label along).
 */
export async function saveSignIn(
  state: VaultState,
  server: AccountServer,
  verified: VerifiedSignInInput,
  options: SaveOptions = {}
): Promise<string> {
  const transfer = options.transfer === true
  const input = checkVerifiedSignIn(verified)
  state.assertWritable()
  if (!state.canSeal()) throw encryptionUnavailable(state.cipher)

  const previous = state.doc.accounts[input.id]
  const superseded = previous && state.tryOpen(previous.token.accessToken)
  // Opened now: once the new token is saved, nothing may need the old token's app any more.
  const supersededApp = superseded ? state.appFor(previous) : undefined
  const now = state.clock.now()
  // Misskey sign-ins register no app: nothing to keep, and the server's current app stays.
  const issuer = input.app?.clientId
  const sealedApp =
    !input.app || state.doc.instances[input.instanceHost]?.apps[input.app.clientId]
      ? undefined
      : state.sealApp(input.app)
  state.commit((doc) => {
    const instance: InstanceRecord = doc.instances[input.instanceHost] ?? {
      apiBaseUrl: input.apiBaseUrl,
      apps: {}
    }
    instance.apiBaseUrl = input.apiBaseUrl
    instance.software = input.instance.software
    instance.version = input.instance.version
    instance.capabilities = input.instance.capabilities ?? instance.capabilities
    instance.discoveredAt = input.instance.discoveredAt ?? now
    // The issuing app is kept for as long as this token is; the latest sign-in's app is current.
    if (sealedApp && issuer) instance.apps[issuer] = sealedApp
    if (issuer && !transfer) instance.currentClientId = issuer
    doc.instances[input.instanceHost] = instance

    const existing = doc.accounts[input.id]
    doc.accounts[input.id] = {
      id: input.id,
      username: input.username,
      domain: input.domain,
      apiBaseUrl: input.apiBaseUrl,
      instanceHost: input.instanceHost,
      api: input.api,
      profile: input.snapshot,
      scopes: input.scopes,
      token: state.sealTokens(input.tokens, issuer),
      createdAt: existing?.createdAt ?? now,
      lastVerifiedAt: now,
      status: 'ok',
      // Signing in again ends the trouble now; a sign-in that still worked keeps its time.
      ...(existing && existing.status !== 'ok'
        ? { statusChangedAt: now }
        : existing?.statusChangedAt !== undefined
          ? { statusChangedAt: existing.statusChangedAt }
          : {}),
      label: existing?.label ?? options.label,
      position: existing?.position ?? Object.keys(doc.accounts).length
    }
    if (doc.activeAccountId === null) doc.activeAccountId = input.id
  })
  state.log.info('account saved', {
    account: input.id,
    replaced: previous !== undefined
  })

  // Mastodon reuses a live token for the same app and scopes: then there is nothing to revoke.
  if (superseded && superseded !== input.tokens.accessToken && !transfer) {
    if (supersededApp) {
      await server
        .revokeToken(input.apiBaseUrl, supersededApp, superseded)
        .catch((error: unknown) =>
          state.log.warn('superseded token not revoked', {
            account: input.id,
            failure: failureKind(error)
          })
        )
    } else if (!revocableHere(previous)) {
      if (previous.status !== 'needs_reauth') {
        state.events.emit('notice', supersededTokenNotice(previous))
      }
    } else {
      // The vault no longer holds the app that issued the old token (a store migrated after it
      // was lost, or a secret the keychain cannot open): nothing here can revoke it.
      state.log.info('superseded token belonged to an app no longer held', {
        account: input.id
      })
    }
  }
  return input.id
}
