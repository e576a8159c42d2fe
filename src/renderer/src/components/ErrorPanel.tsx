import type { ReactNode } from 'react'
import { errorTitle, nextStep, plainMessage, type UiError } from '../lib/errors'

/**
 * A specific failure with what to do next: title, the failure in plain words, action buttons, and
 * the technical detail (main's message, the step that failed) under "Details".
 */
export function ErrorPanel({
  error,
  fallbackTitle,
  children,
  testId = 'error'
}: {
  error: UiError
  fallbackTitle?: string
  children?: ReactNode
  testId?: string
}) {
  const wait = error.retryAfterSeconds
  const next = nextStep(error)
  const plain = plainMessage(error)
  return (
    <div className="error-panel" role="alert" data-testid={testId} data-code={error.code}>
      <p className="error-title">{errorTitle(error, fallbackTitle)}</p>
      <p data-testid="error-message">{plain ?? error.message}</p>
      {next && <p data-testid="error-next-step">{next}</p>}
      {wait !== undefined && <p>You can try again in about {Math.ceil(wait)} seconds.</p>}
      {children && <div className="actions">{children}</div>}
      {plain && (
        <details className="error-details" data-testid="error-details">
          <summary>Details</summary>
          <p>{error.message}</p>
          <p className="muted">
            <code>{error.code}</code>
            {error.step ? (
              <>
                {' '}
                at <code>{error.step}</code>
              </>
            ) : null}
          </p>
        </details>
      )}
    </div>
  )
}
