import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { ErrorPanel } from '@renderer/components/ErrorPanel'
import { FocusHeading } from '@renderer/components/FocusHeading'
import { Progress } from '@renderer/components/Progress'
import { errorKind, errorTitle } from '@renderer/lib/errors'
import { useAppStore } from '@renderer/store/context'
import { onboardingSelectors } from '@renderer/store/selectors'

export function PasswordStep() {
  const { instance, busy, error, reauth } = useAppStore(onboardingSelectors.state)
  const progress = useAppStore(onboardingSelectors.progressText)
  const submit = useAppStore((s) => s.submitPassword)
  const back = useAppStore((s) => s.back)
  const choose = useAppStore((s) => s.chooseMethod)
  const start = useAppStore((s) => s.startSignIn)
  const [username, setUsername] = useState(reauth?.username ?? instance?.username ?? '')
  const [password, setPassword] = useState('')
  const [shown, setShown] = useState(false)
  const userId = useId()
  const passId = useId()
  const twoFactorId = useId()
  const emailHintId = useId()
  const passwordErrorId = useId()
  const passwordRef = useRef<HTMLInputElement>(null)
  // A refused password is the field's problem: it is marked, says why, and takes the focus back.
  const refused = error ? errorKind(error) === 'bad_credentials' : false
  useEffect(() => {
    if (refused) passwordRef.current?.focus()
  }, [refused, error])
  if (!instance) return null
  // Mastodon's password grant takes the e-mail address, not the username.
  const wantsEmail = instance.software.toLowerCase() === 'mastodon'

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    const typed = password
    // The password leaves this component with the request and is not kept anywhere.
    setPassword('')
    setShown(false)
    void submit(username, typed)
  }

  const switchToBrowser = async () => {
    await back()
    choose('browser')
    await start()
  }

  const passwordRefused = error ? errorKind(error) === 'password_unavailable' : false

  return (
    <form onSubmit={onSubmit}>
      <FocusHeading>Sign in to {instance.title || instance.domain}</FocusHeading>
      <label htmlFor={userId}>{wantsEmail ? 'E-mail' : 'Username or e-mail'}</label>
      {wantsEmail && (
        <p id={emailHintId} className="hint">
          Mastodon asks for the e-mail address you signed up with, not your username.
        </p>
      )}
      <input
        id={userId}
        name="username"
        type={wantsEmail ? 'email' : 'text'}
        autoComplete="username"
        spellCheck={false}
        autoCapitalize="none"
        required
        aria-describedby={wantsEmail ? emailHintId : undefined}
        value={username}
        onChange={(e) => setUsername(e.target.value)}
      />
      <label htmlFor={passId}>Password</label>
      <div className="inline-field">
        <input
          ref={passwordRef}
          id={passId}
          name="password"
          type={shown ? 'text' : 'password'}
          autoComplete="current-password"
          required
          aria-invalid={refused || undefined}
          aria-describedby={refused ? `${passwordErrorId} ${twoFactorId}` : twoFactorId}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <button
          type="button"
          aria-pressed={shown}
          aria-controls={passId}
          onClick={() => setShown((v) => !v)}
        >
          {shown ? 'Hide' : 'Show'}
          <span className="visually-hidden"> password</span>
        </button>
      </div>
      {refused && error && (
        <p id={passwordErrorId} className="field-error" data-testid="password-error">
          <strong>{errorTitle(error)}.</strong> {error.message}
        </p>
      )}
      <p id={twoFactorId} className="hint">
        Uses two-factor authentication? Password sign-in can&rsquo;t ask for your code — go back and
        choose browser sign-in instead.
      </p>
      <Progress text={progress} testId="progress" />
      {error && !refused && (
        <ErrorPanel error={error} fallbackTitle="Couldn't sign in">
          {instance.signIn.browser.available && (
            <button
              type="button"
              className={passwordRefused ? 'primary' : undefined}
              onClick={() => void switchToBrowser()}
            >
              Use browser sign-in
            </button>
          )}
        </ErrorPanel>
      )}
      <div className="actions">
        <button type="button" onClick={() => void back()}>
          Back
        </button>
        <button
          type="submit"
          className="primary"
          disabled={busy !== null || !username.trim() || !password}
        >
          Sign in
        </button>
      </div>
    </form>
  )
}
