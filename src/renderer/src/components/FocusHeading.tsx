import { useEffect, useRef, type ReactNode } from 'react'

/**
 * A heading that takes focus when it appears, so keyboard and screen-reader users land on the new
 * screen or step instead of on a button that no longer exists.
 */
export function FocusHeading({
  level = 2,
  children,
  testId
}: {
  level?: 1 | 2
  children: ReactNode
  testId?: string
}) {
  const ref = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    ref.current?.focus({ preventScroll: false })
  }, [])
  const Tag = level === 1 ? 'h1' : 'h2'
  return (
    <Tag ref={ref} tabIndex={-1} className="focus-heading" data-testid={testId}>
      {children}
    </Tag>
  )
}
