import type { FormEvent, ReactNode } from 'react'
import { Badge } from '@renderer/components/Badge'
import { ErrorPanel } from '@renderer/components/ErrorPanel'
import { FocusHeading } from '@renderer/components/FocusHeading'
import { Progress } from '@renderer/components/Progress'
import { useAppStore } from '@renderer/store/context'
import { onboardingSelectors, passwordAvailability, softwareLabel } from '@renderer/store/selectors'
import { isMiAuth, MiAuthPermissions } from './MiAuthPermissions'

export function MethodStep() {
  const { instance, method, busy, error } = useAppStore(onboardingSelectors.state)
  const progress = useAppStore(onboardingSelectors.progressText)
  const choose = useAppStore((s) => s.chooseMethod)
  const start = useAppStore((s) => s.startSignIn)
  const back = useAppStore((s) => s.back)
  if (!instance) return null
  const password = passwordAvailability(instance)
  const browser = instance.signIn.browser
  const miauth = isMiAuth(browser)
  const server = instance.title || instance.domain

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    void start()
  }

  return (
    <form onSubmit={onSubmit}>
      <FocusHeading>
        How do you want to sign in to {instance.title || instance.domain}?
      </FocusHeading>
      <fieldset className="choices">
        <legend className="visually-hidden">Sign-in method</legend>
        <MethodChoice
          value="browser"
          checked={method === 'browser'}
          available={browser.available}
          onChoose={() => choose('browser')}
          title={
            <>
              <strong>Sign in with your browser</strong> <Badge tone="ok">Recommended</Badge>
            </>
          }
          detail={
            !browser.available
              ? (browser.reason ?? 'This server does not offer browser sign-in.')
              : miauth
                ? `${server} shows Fedivault's request on its own page: sign in there and approve the permissions listed below. Your password stays with your server.`
                : 'Your password stays with your server. Works with two-factor authentication.'
          }
        />
        {miauth ? (
          <div className="choice-note" data-testid="miauth-note">
            <p>Fedivault asks {server} for these permissions:</p>
            <MiAuthPermissions permissions={browser.permissions ?? []} />
            <p className="muted" data-testid="password-method-detail">
              No password sign-in: {softwareName(instance)} lets apps in only through its approval
              page.
            </p>
          </div>
        ) : (
          <MethodChoice
            value="password"
            checked={method === 'password'}
            available={password.available}
            onChoose={() => choose('password')}
            title={<strong>Sign in with a password</strong>}
            detail={
              password.available
                ? 'Type your username or e-mail and password here. Not for accounts with two-factor authentication.'
                : password.headline
            }
            detailTestId="password-method-detail"
          />
        )}
      </fieldset>
      <Progress text={progress} testId="progress" />
      {error && (
        <ErrorPanel error={error} fallbackTitle="Couldn't start signing in">
          <button type="button" onClick={() => void start()}>
            Try again
          </button>
        </ErrorPanel>
      )}
      <div className="actions">
        <button type="button" onClick={() => void back()}>
          Back
        </button>
        <button type="submit" className="primary" disabled={busy !== null}>
          Continue
        </button>
      </div>
    </form>
  )
}

/** One sign-in method as a radio option, greyed out with its reason when the server lacks it. */
function MethodChoice(props: {
  value: 'browser' | 'password'
  checked: boolean
  available: boolean
  onChoose: () => void
  title: ReactNode
  detail: ReactNode
  detailTestId?: string
}) {
  return (
    <label className={`choice${props.available ? '' : ' disabled'}`}>
      <input
        type="radio"
        name="method"
        value={props.value}
        checked={props.checked}
        disabled={!props.available}
        onChange={props.onChoose}
      />
      <span>
        {props.title}
        <span className="choice-detail" data-testid={props.detailTestId}>
          {props.detail}
        </span>
      </span>
    </label>
  )
}

const softwareName = (instance: { software: string }) => softwareLabel(instance.software)
