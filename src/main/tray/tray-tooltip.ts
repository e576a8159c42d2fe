import type { AccountSummary } from '../../shared/domain/account'
import { handle, statusMark } from './display-text'

// Windows truncates notification-area tooltips at 127 characters (NOTIFYICONDATA.szTip).
const MAX_TOOLTIP = 127

/** Names the active handle, so hovering the icon answers "which account will scripts get?". */
export function trayTooltip(
  accounts: readonly AccountSummary[],
  activeAccountId: string | null
): string {
  const active = accounts.find((a) => a.id === activeAccountId)
  if (!active) {
    return accounts.length === 0 ? 'Fedivault — no accounts' : 'Fedivault — no active account'
  }
  const mark = statusMark[active.status]
  const text = `Fedivault — ${handle(active)}${mark ? ` (${mark})` : ''}`
  return [...text].length <= MAX_TOOLTIP ? text : `${[...text].slice(0, MAX_TOOLTIP - 1).join('')}…`
}
