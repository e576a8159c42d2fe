import { useAppStore } from '@renderer/store/context'
import type { RevokeOnServerReminder } from '@renderer/store/types'

/**
 * After removing an account whose token Fedivault cannot revoke (Misskey family), says plainly that
 * the token still works and links to the server's "Connected apps" page. It stays until dismissed:
 * the person may need it after finishing something else.
 */
export function RevokeOnServerNotices() {
  const reminders = useAppStore((s) => s.revokeOnServer)
  if (reminders.length === 0) return null
  return (
    <div className="revoke-on-server-list">
      {reminders.map((r) => (
        <RevokeOnServerNotice key={r.accountId} reminder={r} />
      ))}
    </div>
  )
}

function RevokeOnServerNotice({ reminder }: { reminder: RevokeOnServerReminder }) {
  const dismiss = useAppStore((s) => s.dismissRevokeOnServer)
  return (
    <section
      className="warning-panel"
      role="status"
      aria-label={`Revoke ${reminder.handle} on ${reminder.domain}`}
      data-testid="revoke-on-server"
    >
      <p className="warning-title">
        {reminder.handle} was removed from Fedivault — its token still works on {reminder.domain}
      </p>
      <p data-testid="revoke-on-server-message">{reminder.message}</p>
      <p>Until you revoke it there, anything holding that token can still use the account.</p>
      <div className="actions">
        {/* Links with target=_blank go to the system browser (the window-open guard in main). */}
        <a
          className="button-link"
          href={reminder.url}
          target="_blank"
          rel="noopener noreferrer"
          data-testid="revoke-on-server-link"
        >
          Open Connected apps on {reminder.domain}
        </a>
        <button type="button" onClick={() => dismiss(reminder.accountId)}>
          Done<span className="visually-hidden"> with {reminder.handle}</span>
        </button>
      </div>
    </section>
  )
}
