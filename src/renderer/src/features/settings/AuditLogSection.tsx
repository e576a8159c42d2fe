import { useEffect } from 'react'
import { ErrorPanel } from '@renderer/components/ErrorPanel'
import { Progress } from '@renderer/components/Progress'
import { useAppStore } from '@renderer/store/context'

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' })

/** What scripts asked for, newest first. */
export function AuditLogSection({ enabled }: { enabled: boolean }) {
  const entries = useAppStore((s) => s.auditLog)
  const status = useAppStore((s) => s.auditStatus)
  const error = useAppStore((s) => s.auditError)
  const load = useAppStore((s) => s.loadAuditLog)
  useEffect(() => {
    void load()
  }, [load, enabled])
  const rows = entries ? [...entries].sort((a, b) => b.at - a.at) : []
  return (
    <section className="card" aria-labelledby="audit-title" data-testid="audit-log">
      <h2 id="audit-title">Script access log</h2>
      <p className="hint">Newest first; it refreshes itself while this page is open.</p>
      <Progress text={status === 'loading' ? 'Loading the log…' : null} />
      {error && (
        <ErrorPanel error={error} fallbackTitle="Couldn't load the log">
          <button type="button" onClick={() => void load()}>
            Try again
          </button>
        </ErrorPanel>
      )}
      {entries && rows.length === 0 && (
        <p className="muted">No script has asked for anything yet.</p>
      )}
      {rows.length > 0 && (
        <table>
          <caption className="visually-hidden">Requests from scripts</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Request</th>
              <th scope="col">Account</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((entry, i) => (
              <tr key={`${entry.at}-${i}`}>
                <td>{when.format(entry.at)}</td>
                <td>
                  <code>{entry.route}</code>
                </td>
                <td>{entry.account ?? '—'}</td>
                <td>
                  {entry.status < 400 ? `Allowed (${entry.status})` : `Refused (${entry.status})`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
