import type { FormEvent } from 'react'
import { Badge } from '../../components/Badge'
import { ErrorPanel } from '../../components/ErrorPanel'
import { FocusHeading } from '../../components/FocusHeading'
import { Progress } from '../../components/Progress'
import { useAppStore } from '../../store/context'
import { onboardingSelectors, passwordAvailability } from '../../store/selectors'

export function MethodStep() {
  const { instance, method, busy, error } = useAppStore(onboardingSelectors.state)
  const progress = useAppStore(onboardingSelectors.progressText)
  const choose = useAppStore((s) => s.chooseMethod)
  const start = useAppStore((s) => s.startSignIn)
  const back = useAppStore((s) => s.back)
  if (!instance) return null
  const password = passwordAvailability(instance)
  const browser = instance.signIn.browser

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
        <label className={`choice${browser.available ? '' : ' disabled'}`}>
          <input
            type="radio"
            name="method"
            value="browser"
            checked={method === 'browser'}
            disabled={!browser.available}
            onChange={() => choose('browser')}
          />
          <span>
            <strong>Sign in with your browser</strong> <Badge tone="ok">Recommended</Badge>
            <span className="choice-detail">
              {browser.available
                ? 'Your password stays with your server. Works with two-factor authentication.'
                : (browser.reason ?? 'This server does not offer browser sign-in.')}
            </span>
          </span>
        </label>
        <label className={`choice${password.available ? '' : ' disabled'}`}>
          <input
            type="radio"
            name="method"
            value="password"
            checked={method === 'password'}
            disabled={!password.available}
            onChange={() => choose('password')}
          />
          <span>
            <strong>Sign in with a password</strong>
            <span className="choice-detail" data-testid="password-method-detail">
              {password.available
                ? 'Type your username or e-mail and password here. Not for accounts with two-factor authentication.'
                : password.headline}
            </span>
          </span>
        </label>
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
