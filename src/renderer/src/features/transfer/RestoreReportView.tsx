import type { RestoreReport } from '@shared/domain/transfer'
import { Badge, type BadgeTone } from '@renderer/components/Badge'

const OUTCOME: Record<RestoreReport['items'][number]['outcome'], [string, BadgeTone]> = {
  added: ['Added', 'ok'],
  replaced_older: ['Updated', 'ok'],
  kept_newer_here: ['Kept this computer’s', 'neutral'],
  already_present: ['Already here', 'neutral'],
  failed: ['Not restored', 'danger']
}

/** What a restore did with each account of the export. */
export function RestoreReportView({ report }: { report: RestoreReport }) {
  const restored = report.items.filter(
    (i) => i.outcome === 'added' || i.outcome === 'replaced_older'
  ).length
  return (
    <div data-testid="restore-report">
      <p role="status">
        Restored {restored} of {report.items.length}{' '}
        {report.items.length === 1 ? 'account' : 'accounts'} from an export made{' '}
        {new Date(report.exportedAt).toLocaleString()}.
      </p>
      <ul className="report-list">
        {report.items.map((item) => {
          const [label, tone] = OUTCOME[item.outcome]
          return (
            <li key={item.handle} data-outcome={item.outcome}>
              <Badge tone={tone}>{label}</Badge> <strong>{item.handle}</strong>
              {item.reason && <span className="reason"> {item.reason}</span>}
            </li>
          )
        })}
      </ul>
    </div>
  )
}
