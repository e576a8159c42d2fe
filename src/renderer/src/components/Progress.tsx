/** A live progress line: screen readers hear each new message, sighted people see a spinner. */
export function Progress({ text, testId }: { text: string | null; testId?: string }) {
  return (
    <p className="progress" role="status" aria-live="polite" data-testid={testId}>
      {text ? (
        <>
          <span className="spinner" aria-hidden="true" />
          {text}
        </>
      ) : null}
    </p>
  )
}
