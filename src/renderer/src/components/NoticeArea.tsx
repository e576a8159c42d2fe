import { useEffect } from 'react'
import { useAppStore } from '../store/context'
import type { UiNotice } from '../store/types'

const INFO_LIFETIME_MS = 8000

function NoticeItem({ notice }: { notice: UiNotice }) {
  const dismiss = useAppStore((s) => s.dismissNotice)
  useEffect(() => {
    // Confirmations fade on their own; warnings and errors wait for the person.
    if (notice.level !== 'info') return
    const timer = setTimeout(() => dismiss(notice.id), INFO_LIFETIME_MS)
    return () => clearTimeout(timer)
  }, [notice, dismiss])
  return (
    <li className={`notice notice-${notice.level}`} data-testid="notice" data-code={notice.code}>
      <span>{notice.message}</span>
      <button type="button" className="link-button" onClick={() => dismiss(notice.id)}>
        Dismiss<span className="visually-hidden"> notice</span>
      </button>
    </li>
  )
}

export function NoticeArea() {
  const notices = useAppStore((s) => s.notices)
  return (
    <section className="notices" aria-label="Notices" aria-live="polite">
      {notices.length > 0 && (
        <ul>
          {notices.map((n) => (
            <NoticeItem key={n.id} notice={n} />
          ))}
        </ul>
      )}
    </section>
  )
}
