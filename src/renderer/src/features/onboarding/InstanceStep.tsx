import { useId, type FormEvent } from 'react'
import { ErrorPanel } from '@renderer/components/ErrorPanel'
import { FocusHeading } from '@renderer/components/FocusHeading'
import { Progress } from '@renderer/components/Progress'
import { useAppStore } from '@renderer/store/context'
import { onboardingSelectors } from '@renderer/store/selectors'
import { InstanceSummary } from './InstanceSummary'

export function InstanceStep() {
  const { input, instance, busy, error } = useAppStore(onboardingSelectors.state)
  const canContinue = useAppStore(onboardingSelectors.canContinue)
  const progress = useAppStore(onboardingSelectors.progressText)
  const setInput = useAppStore((s) => s.setInstanceInput)
  const discover = useAppStore((s) => s.discoverInstance)
  const next = useAppStore((s) => s.continueToMethod)
  const inputId = useId()
  const hintId = useId()

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    // Enter on a server already looked up goes on; otherwise it looks the server up.
    if (canContinue) next()
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
          aria-invalid={error ? true : undefined}
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
        <ErrorPanel error={error} fallbackTitle="Couldn't look up the server">
          <button type="button" onClick={() => void discover()}>
            Try again
          </button>
        </ErrorPanel>
      )}
      {instance && <InstanceSummary instance={instance} />}
      {instance && !canContinue && (
        <p className="error-text" role="alert">
          Fedivault can't sign in to this server: it offers neither browser nor password sign-in.
        </p>
      )}
      {instance && (
        <div className="actions">
          <button type="submit" className="primary" disabled={!canContinue}>
            Continue
          </button>
        </div>
      )}
    </form>
  )
}
