import type { AccountSummary } from '@shared/domain/account'
import { accountName, cleanText, handle, statusMark } from './tray-view'

/** What a tray item does when clicked: data, not a closure, so the menu is a plain value. */
export type TrayAction =
  | { kind: 'switch'; accountId: string }
  | { kind: 'add-account' }
  | { kind: 'open' }
  /** `enable` is the state asked for, so a click on a stale menu cannot flip the wrong way. */
  | { kind: 'toggle-script-access'; enable: boolean }
  | { kind: 'quit' }

export interface TrayMenuItem {
  /** Stable identifier (Electron's MenuItem id): `switch-other`, `account:<handle>`, `quit`, … */
  id?: string
  type: 'normal' | 'radio' | 'checkbox' | 'separator'
  label?: string
  checked?: boolean
  enabled?: boolean
  /** Path of a small image shown next to the label. */
  icon?: string
  action?: TrayAction
  submenu?: TrayMenuItem[]
}

export interface TrayMenuInput {
  accounts: readonly AccountSummary[]
  activeAccountId: string | null
  scriptAccessEnabled: boolean
  platform: NodeJS.Platform
  /** Account id → local path of its cached avatar. Accounts without one get no icon. */
  avatarIcons?: Readonly<Record<string, string>>
  /** Accounts listed directly in the menu; the rest go into a "More accounts" submenu. */
  maxInlineAccounts?: number
}

const separator: TrayMenuItem = { type: 'separator' }

/** The tray's context menu as a pure function of the account state. */
export function buildTrayMenu(input: TrayMenuInput): TrayMenuItem[] {
  const accounts = [...input.accounts].sort((a, b) => a.position - b.position)
  const text = (s: string) => escapeMnemonics(s, input.platform)
  const items: TrayMenuItem[] = []

  const other = quickSwitchTarget(accounts, input.activeAccountId)
  if (other) {
    items.push({
      id: 'switch-other',
      type: 'normal',
      label: text(`Switch to ${accountName(other)} (${handle(other)})`),
      action: { kind: 'switch', accountId: other.id }
    })
    items.push(separator)
  }

  const accountItem = (account: AccountSummary): TrayMenuItem => {
    const mark = statusMark[account.status]
    const label = cleanLabel(account)
    const item: TrayMenuItem = {
      id: `account:${account.id}`,
      type: 'radio',
      label: text(mark ? `${label} — ${mark}` : label),
      checked: account.id === input.activeAccountId,
      // An account on its way out cannot become the default for scripts.
      enabled: account.status !== 'pending_removal',
      action: { kind: 'switch', accountId: account.id }
    }
    const icon = showsAvatars(input.platform) ? input.avatarIcons?.[account.id] : undefined
    if (icon) item.icon = icon
    return item
  }

  if (accounts.length === 0) {
    items.push({ id: 'no-accounts', type: 'normal', label: 'No accounts yet', enabled: false })
  } else {
    const limit = Math.max(1, input.maxInlineAccounts ?? 10)
    items.push(...accounts.slice(0, limit).map(accountItem))
    const rest = accounts.slice(limit)
    if (rest.length > 0) {
      items.push({
        id: 'more-accounts',
        type: 'normal',
        label: `More accounts (${rest.length})`,
        submenu: rest.map(accountItem)
      })
    }
  }

  items.push(
    separator,
    { id: 'add-account', type: 'normal', label: 'Add account…', action: { kind: 'add-account' } },
    { id: 'open', type: 'normal', label: 'Open Fedivault', action: { kind: 'open' } },
    separator,
    {
      id: 'script-access',
      type: 'checkbox',
      label: 'Script access',
      checked: input.scriptAccessEnabled,
      action: { kind: 'toggle-script-access', enable: !input.scriptAccessEnabled }
    },
    separator,
    { id: 'quit', type: 'normal', label: 'Quit Fedivault', action: { kind: 'quit' } }
  )
  return items
}

/**
 * With exactly two accounts the useful click is "the other one" (as `gh auth switch` does without
 * prompting). Only offered when there is an active account and the other one can be used.
 */
function quickSwitchTarget(
  accounts: readonly AccountSummary[],
  activeAccountId: string | null
): AccountSummary | undefined {
  if (accounts.length !== 2 || !accounts.some((a) => a.id === activeAccountId)) return undefined
  const other = accounts.find((a) => a.id !== activeAccountId)
  return other && other.status !== 'pending_removal' ? other : undefined
}

function cleanLabel(account: AccountSummary): string {
  const base = `${accountName(account)} (${handle(account)})`
  const label = account.label ? cleanText(account.label, 30) : ''
  return label ? `${base} · ${label}` : base
}

/**
 * macOS draws images beside a checkmark; GTK radio items have no image slot and Windows draws the
 * bitmap in place of the radio bullet, hiding which account is active. So avatars only on macOS.
 */
export function showsAvatars(platform: NodeJS.Platform): boolean {
  return platform === 'darwin'
}

/** Windows and Linux menus read `&` as an access-key marker; a literal one is written `&&`. */
function escapeMnemonics(label: string, platform: NodeJS.Platform): string {
  return platform === 'darwin' ? label : label.replaceAll('&', '&&')
}
