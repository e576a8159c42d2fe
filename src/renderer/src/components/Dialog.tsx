import { useEffect, useId, useRef, type ReactNode } from 'react'

/**
 * A modal built on the native <dialog>: the browser traps focus, Escape closes it, and focus
 * returns to the button that opened it.
 */
export function Dialog({
  title,
  onClose,
  children,
  testId
}: {
  title: string
  onClose: () => void
  children: ReactNode
  testId?: string
}) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    const opener = document.activeElement as HTMLElement | null
    dialog.showModal()
    return () => {
      dialog.close()
      // The opener may be gone (the removed account's row): then the screen title takes focus.
      if (opener?.isConnected) opener.focus()
      else document.querySelector<HTMLElement>('main h1')?.focus()
    }
  }, [])
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault()
        onClose()
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  )
}
