import type { AccountStatus, AccountSummary } from '@shared/domain/account'
import { needsSignInSummary } from '../attention/summary'

// How accounts read in the tray (menu entries and the icon's tooltip): plain text only.

/**
 * Display names come from remote servers. Bidi overrides and other invisible format characters
 * could make one account's entry read like another's handle, so they are removed; control
 * characters would break the native menu.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g

export function cleanText(text: string, maxLength: number): string {
  const clean = text.replace(UNSAFE, '').replace(/\s+/g, ' ').trim()
  const chars = [...clean]
  return chars.length <= maxLength ? clean : `${chars.slice(0, maxLength - 1).join('')}…`
}

export function accountName(account: AccountSummary): string {
  return cleanText(account.displayName, 40) || cleanText(account.username, 40) || account.id
}

export function handle(account: AccountSummary): string {
  return `@${cleanText(account.id, 120)}`
}

/** The words shown after an account that cannot simply be used right now. */
export const statusMark: Record<AccountStatus, string | undefined> = {
  ok: undefined,
  needs_reauth: '⚠ sign in again',
  offline: 'offline',
  pending_removal: 'being removed'
}

// Windows truncates notification-area tooltips at 127 characters (NOTIFYICONDATA.szTip).
const MAX_TOOLTIP = 127

/** Names the active handle, so hovering the icon answers "which account will scripts get?". */
export function trayTooltip(
  accounts: readonly AccountSummary[],
  activeAccountId: string | null
): string {
  const active = accounts.find((a) => a.id === activeAccountId)
  if (!active) {
    if (accounts.length === 0) return 'Fedivault — no accounts'
    const waiting = accounts.filter((a) => a.status === 'needs_reauth').length
    return `Fedivault — ${waiting > 0 ? needsSignInSummary(waiting) : 'no active account'}`
  }
  const mark = statusMark[active.status]
  const text = `Fedivault — ${handle(active)}${mark ? ` (${mark})` : ''}`
  // How many need sign-in goes last but is never the part cut off.
  const waiting = accounts.filter((a) => a.status === 'needs_reauth').length
  const suffix = waiting > 0 ? ` · ${needsSignInSummary(waiting)}` : ''
  const room = MAX_TOOLTIP - [...suffix].length
  return ([...text].length <= room ? text : `${[...text].slice(0, room - 1).join('')}…`) + suffix
}
