import { useState, type ReactNode } from 'react'

/**
 * A checkbox whose value lives in main: it shows the person's choice at once, ignores presses
 * while main answers, and then shows whatever main decided. It is never disabled while busy, which
 * would drop the keyboard focus.
 */
export function AsyncCheckbox({
  checked,
  onChange,
  describedBy,
  children
}: {
  checked: boolean
  onChange: (checked: boolean) => Promise<void>
  describedBy?: string
  children: ReactNode
}) {
  const [requested, setRequested] = useState<boolean | null>(null)
  const toggle = async (value: boolean) => {
    if (requested !== null) return
    setRequested(value)
    try {
      await onChange(value)
    } finally {
      setRequested(null)
    }
  }
  return (
    <label className="check">
      <input
        type="checkbox"
        checked={requested ?? checked}
        aria-busy={requested !== null || undefined}
        aria-describedby={describedBy}
        onChange={(e) => void toggle(e.target.checked)}
      />
      {children}
    </label>
  )
}
