import type { InstanceInfoDto } from '@shared/domain/instance'
import { OptionalImage } from '@renderer/components/OptionalImage'
import { serverLabel } from '@shared/server-names'
import { passwordAvailability } from '@renderer/store/selectors'
import { isMiAuth, MiAuthPermissions } from './MiAuthPermissions'

/**
 * What the look-up found, in one line ("Mastodon 4.3.0 · example.social"), and what signing in
 * there involves: the Misskey family's permission request in plain words, or why passwords are
 * not accepted. The buttons that go on are the step's.
 */
export function InstanceSummary({ instance }: { instance: InstanceInfoDto }) {
  const password = passwordAvailability(instance)
  const { browser } = instance.signIn
  const permissions = browser.permissions ?? []
  return (
    <section className="instance-summary" aria-label="Server found" data-testid="instance-summary">
      <OptionalImage className="instance-thumbnail" src={instance.thumbnail} />
      <div>
        <p className="instance-title">{instance.title || instance.domain}</p>
        <p className="instance-line">
          <span data-testid="instance-software">
            {serverLabel(instance.software, instance.version)}
          </span>{' '}
          · {instance.domain}
        </p>
        {!browser.available && (
          <p className="muted" data-testid="browser-unavailable">
            No browser sign-in here{browser.reason ? `: ${browser.reason}` : '.'}
          </p>
        )}
        {isMiAuth(browser) && (
          <div data-testid="miauth-note">
            <p>
              {serverLabel(instance.software)} asks you to approve Fedivault on its own page.{' '}
              {accessSummary(permissions)}
            </p>
            <details className="permissions-details">
              <summary>Show all {permissions.length} permissions</summary>
              <MiAuthPermissions permissions={permissions} />
            </details>
          </div>
        )}
        {!password.available && !isMiAuth(browser) && (
          <p className="muted" data-testid="password-unavailable">
            <span data-testid="password-headline">{password.headline}</span>
            {password.reason && (
              <span className="reason-detail" data-testid="password-reason">
                {' '}
                {password.reason}
              </span>
            )}
          </p>
        )}
      </div>
    </section>
  )
}

/** "Fedivault asks for full read and write access." — or what it asks for, when less. */
function accessSummary(permissions: readonly string[]): string {
  const reads = permissions.some((p) => p.startsWith('read:'))
  const writes = permissions.some((p) => p.startsWith('write:'))
  if (reads && writes) return 'Fedivault asks for full read and write access.'
  if (reads) return 'Fedivault asks for read access only.'
  return `Fedivault asks for ${permissions.length} permissions.`
}
