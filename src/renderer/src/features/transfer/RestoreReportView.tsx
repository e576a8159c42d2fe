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
  const total = report.items.length
  const failed = report.items.filter((i) => i.outcome === 'failed').length
  const made = new Date(report.exportedAt).toLocaleString()
  return (
    <div data-testid="restore-report">
      <p role="status" data-testid="restore-summary">
        {summaryText(restored, failed, total)} (export made {made})
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

/** The result in one sentence: "already here" is not a failure, so it does not read like one. */
export function summaryText(restored: number, failed: number, total: number): string {
  const accounts = (n: number) => `${n} ${n === 1 ? 'account' : 'accounts'}`
  const here = total - restored - failed
  if (total === 0) return 'The export holds no accounts.'
  if (restored === 0 && failed === 0) {
    return total === 1
      ? 'Nothing to restore: the account is already here.'
      : `Nothing to restore: all ${total} accounts are already here.`
  }
  const parts = [`Restored ${restored} of ${accounts(total)}`]
  if (here > 0) parts.push(`${here} ${here === 1 ? 'was' : 'were'} already here`)
  if (failed > 0) parts.push(`${failed} could not be restored`)
  return `${parts.join('; ')}.`
}
