import { useId, type FormEvent } from 'react'
import { ErrorPanel } from '@renderer/components/ErrorPanel'
import { FocusHeading } from '@renderer/components/FocusHeading'
import { Progress } from '@renderer/components/Progress'
import { useAppStore } from '@renderer/store/context'
import { onboardingSelectors, passwordAvailability } from '@renderer/store/selectors'
import type { SignInMethod } from '@renderer/store/types'
import { InstanceSummary } from './InstanceSummary'

/**
 * One field for a domain, an address or a handle; after the look-up, one main button ("Sign in
 * with browser") and, only where the server accepts passwords, "Use a password instead".
 */
export function InstanceStep() {
  const { input, instance, busy, error } = useAppStore(onboardingSelectors.state)
  const canContinue = useAppStore(onboardingSelectors.canContinue)
  const progress = useAppStore(onboardingSelectors.progressText)
  const setInput = useAppStore((s) => s.setInstanceInput)
  const discover = useAppStore((s) => s.discoverInstance)
  const choose = useAppStore((s) => s.chooseMethod)
  const start = useAppStore((s) => s.startSignIn)
  const inputId = useId()
  const hintId = useId()
  const browser = instance?.signIn.browser.available ?? false
  const password = instance ? passwordAvailability(instance).available : false

  const signIn = (method: SignInMethod) => {
    choose(method)
    void start()
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    // Enter on a server already looked up signs in the recommended way; otherwise it looks up.
    if (canContinue) signIn(browser ? 'browser' : 'password')
    else void discover()
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <FocusHeading>Which server is your account on?</FocusHeading>
      <label htmlFor={inputId}>Server address or handle</label>
      <p id={hintId} className="hint">
        A domain (mastodon.social), an address (https://mastodon.social) or your handle
        (@you@mastodon.social).
      </p>
      <div className="inline-field">
        <input
          id={inputId}
          name="instance"
          type="text"
          inputMode="url"
          autoComplete="url"
          spellCheck={false}
          autoCapitalize="none"
          aria-describedby={hintId}
          aria-invalid={error && !instance ? true : undefined}
          value={input}
          onChange={(e) => setInput(e.target.value)}
          placeholder="mastodon.social"
        />
        <button
          type="button"
          onClick={() => void discover()}
          disabled={busy === 'discovering'}
          className={instance ? undefined : 'primary'}
        >
          Look up
        </button>
      </div>
      <Progress text={progress} testId="progress" />
      {error && (
        <ErrorPanel
          error={error}
          fallbackTitle={instance ? "Couldn't start signing in" : "Couldn't look up the server"}
        >
          <button
            type="button"
            onClick={() => (instance ? signIn(browser ? 'browser' : 'password') : void discover())}
          >
            Try again
          </button>
        </ErrorPanel>
      )}
      {instance && <InstanceSummary instance={instance} />}
      {instance && !canContinue && !busy && (
        <p className="error-text" role="alert">
          Fedivault can't sign in to this server: it offers neither browser nor password sign-in.
        </p>
      )}
      {instance && canContinue && (
        <div className="actions sign-in-actions">
          {browser ? (
            <>
              <button type="submit" className="primary" aria-disabled={busy !== null || undefined}>
                Sign in with browser
              </button>
              {password && (
                <button type="button" className="link-button" onClick={() => signIn('password')}>
                  Use a password instead
                </button>
              )}
            </>
          ) : (
            <button type="submit" className="primary" aria-disabled={busy !== null || undefined}>
              Sign in with a password
            </button>
          )}
        </div>
      )}
    </form>
  )
}
