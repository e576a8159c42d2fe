import type { InstanceInfoDto } from '@shared/domain/instance'
import { Badge } from '@renderer/components/Badge'
import { OptionalImage } from '@renderer/components/OptionalImage'
import { passwordAvailability, softwareLabel } from '@renderer/store/selectors'

/** What discovery found: which server this is and how one can sign in to it. */
export function InstanceSummary({ instance }: { instance: InstanceInfoDto }) {
  const password = passwordAvailability(instance)
  const { browser } = instance.signIn
  return (
    <section className="instance-summary" aria-label="Server found" data-testid="instance-summary">
      <OptionalImage className="instance-thumbnail" src={instance.thumbnail} />
      <div>
        <p className="instance-title">{instance.title || instance.domain}</p>
        <p className="muted">{instance.domain}</p>
        <p>
          <Badge tone="accent">
            <span data-testid="instance-software">
              {softwareLabel(instance.software, instance.version)}
            </span>
          </Badge>
        </p>
        <ul className="methods" aria-label="Sign-in methods">
          <li data-testid="method-browser-availability">
            {browser.available ? (
              <>
                <Badge tone="ok">Available</Badge> Sign in with your browser
                {browser.pkce && <span className="muted"> (with PKCE)</span>}
                {browser.method === 'miauth' && (
                  <span className="muted">
                    {' '}
                    (MiAuth: you approve the permissions Fedivault asks for)
                  </span>
                )}
              </>
            ) : (
              <>
                <Badge tone="warn">Not available</Badge> Browser sign-in
                {browser.reason && <span className="reason"> — {browser.reason}</span>}
              </>
            )}
          </li>
          <li data-testid="method-password-availability">
            {password.available ? (
              <>
                <Badge tone="ok">{password.uncertain ? 'Probably available' : 'Available'}</Badge>{' '}
                Password sign-in
              </>
            ) : (
              <>
                <Badge tone="warn">Not available</Badge> Password sign-in —{' '}
                <strong data-testid="password-headline">{password.headline}</strong>
                {password.reason && (
                  <span className="reason-detail" data-testid="password-reason">
                    {password.reason}
                  </span>
                )}
              </>
            )}
          </li>
        </ul>
      </div>
    </section>
  )
}
