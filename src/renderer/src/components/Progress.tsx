/** A live progress line: screen readers hear each new message, sighted people see a spinner. */
export function Progress({
  text,
  testId,
  large = false
}: {
  text: string | null
  testId?: string
  /** The waiting view's: a spinner one can see from across the room, in both themes. */
  large?: boolean
}) {
  return (
    <p
      className={large ? 'progress progress-large' : 'progress'}
      role="status"
      aria-live="polite"
      data-testid={testId}
    >
      {text ? (
        <>
          <span className="spinner" aria-hidden="true" />
          {text}
        </>
      ) : null}
    </p>
  )
}
