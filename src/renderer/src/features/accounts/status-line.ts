import type { AccountStatus, AccountSummary } from '@shared/domain/account'
import { timeAgo } from '@renderer/lib/relative-time'
import { STATUS_TEXT } from '@renderer/store/selectors'

export type StatusTone = 'ok' | 'warn' | 'muted'

/** What a row says about its account's health: an icon and a word, then when it happened. */
export interface StatusLine {
  icon: string
  label: string
  tone: StatusTone
  /** "Checked 2 min ago", "the server refused it 4 min ago"; null when nothing is known. */
  detail: string | null
  /** The account needs the person (sign in again, retry a removal). */
  attention: boolean
}

const ICON: Record<AccountStatus, string> = {
  ok: '✓',
  needs_reauth: '⚠',
  offline: '⊘',
  pending_removal: '⚠'
}

const TONE: Record<AccountStatus, StatusTone> = {
  ok: 'ok',
  needs_reauth: 'warn',
  offline: 'muted',
  pending_removal: 'warn'
}

export function statusLine(
  account: Pick<AccountSummary, 'status' | 'lastVerifiedAt' | 'statusChangedAt'>,
  now: number
): StatusLine {
  const { status, lastVerifiedAt, statusChangedAt } = account
  const since = statusChangedAt === undefined ? null : timeAgo(statusChangedAt, now)
  const detail = (() => {
    switch (status) {
      case 'ok':
        return lastVerifiedAt === undefined ? null : `Checked ${timeAgo(lastVerifiedAt, now)}`
      case 'needs_reauth':
        return since ? `The server refused it ${since}` : 'The server refused the sign-in'
      case 'offline':
        return since ? `Couldn't reach the server ${since}` : "Couldn't reach the server"
      case 'pending_removal':
        return since ? `Not revoked yet · ${since}` : 'Not revoked yet'
    }
  })()
  return {
    icon: ICON[status],
    label: STATUS_TEXT[status],
    tone: TONE[status],
    detail,
    attention: status === 'needs_reauth' || status === 'pending_removal'
  }
}
