import type { ReactNode } from 'react'
import { errorTitle, nextStep, type UiError } from '../lib/errors'

/** A specific failure with what to do next: title, main's message, and action buttons. */
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
  return (
    <div className="error-panel" role="alert" data-testid={testId} data-code={error.code}>
      <p className="error-title">{errorTitle(error, fallbackTitle)}</p>
      <p>{error.message}</p>
      {next && <p data-testid="error-next-step">{next}</p>}
      {wait !== undefined && <p>You can try again in about {Math.ceil(wait)} seconds.</p>}
      {children && <div className="actions">{children}</div>}
    </div>
  )
}
