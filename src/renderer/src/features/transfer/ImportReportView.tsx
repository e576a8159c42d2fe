import type { ImportItem, ImportReport } from '@shared/domain/transfer'
import { Badge, type BadgeTone } from '@renderer/components/Badge'
import { useAppStore } from '@renderer/store/context'

const OUTCOME: Record<ImportItem['outcome'], [string, BadgeTone]> = {
  added: ['Added', 'ok'],
  already_present: ['Already here', 'neutral'],
  duplicate: ['Duplicate', 'neutral'],
  failed: ['Not imported', 'danger']
}

/** What the import found and did, per account; then the offer to delete the plaintext files. */
export function ImportReportView({ report }: { report: ImportReport }) {
  const deleted = useAppStore((s) => s.deletedFiles)
  const remove = useAppStore((s) => s.deleteImportedFile)
  const c = report.counts
  const deletable = report.files.filter((f) => f.deletable && f.path)
  const unreadable = report.files.filter((f) => f.unreadable)
  return (
    <div data-testid="import-report">
      <p role="status">
        Found {c.found} {c.found === 1 ? 'account' : 'accounts'}: {c.added} added,{' '}
        {c.alreadyPresent} already in Fedivault, {c.failed} not imported.
        {unreadable.length > 0 &&
          ` ${unreadable.length} ${unreadable.length === 1 ? 'file' : 'files'} could not be read.`}
      </p>
      {unreadable.length > 0 && (
        <ul className="report-list" data-testid="import-unreadable">
          {unreadable.map((file) => (
            <li key={file.name} data-outcome="failed">
              <Badge tone="danger">Not imported</Badge> <strong>{file.name}</strong>
              <span className="reason"> {file.unreadable}.</span>
            </li>
          ))}
        </ul>
      )}
      {report.items.length > 0 && (
        <ul className="report-list">
          {report.items.map((item, i) => {
            const [label, tone] = OUTCOME[item.outcome]
            return (
              <li key={i} data-outcome={item.outcome}>
                <Badge tone={tone}>{label}</Badge> <strong>{item.handle ?? item.origin}</strong>
                {item.handle && <span className="hint"> from {item.origin}</span>}
                {item.reason && <span className="reason"> {item.reason}</span>}
              </li>
            )
          })}
        </ul>
      )}
      {report.problems.length > 0 && (
        <>
          <p>Skipped:</p>
          <ul className="report-list" data-testid="import-problems">
            {report.problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </>
      )}
      {deletable.map((file) => {
        const state = deleted[file.path!]
        return (
          <div key={file.path} className="delete-offer" data-testid="delete-offer">
            <p>
              Every account in <code>{file.path}</code> is now in Fedivault, encrypted. The file
              still holds them in plain text. You can delete it if no other program needs it.
            </p>
            {state === 'deleted' ? (
              <p role="status">Deleted {file.path}.</p>
            ) : (
              <div className="actions">
                <button
                  type="button"
                  onClick={() => void remove(file.path!)}
                  disabled={state === 'deleting'}
                >
                  Delete this file
                </button>
              </div>
            )}
            {state && typeof state === 'object' && <p className="reason">{state.message}</p>}
          </div>
        )
      })}
    </div>
  )
}
