import { useEffect, useRef, useState } from 'react'
import type { AccountSummary } from '@shared/domain/account'
import { Avatar } from '@renderer/components/Avatar'
import { Badge, type BadgeTone } from '@renderer/components/Badge'
import { EmojiText } from '@renderer/components/EmojiText'
import { useAppStore } from '@renderer/store/context'
import {
  accountName,
  accountSelectors,
  fullHandle,
  softwareLabel,
  STATUS_TEXT
} from '@renderer/store/selectors'
import { canRevokeHere } from './ForgetOnlyDialog'
import { RemoveAccountDialog } from './RemoveAccountDialog'
import { RenameForm } from './RenameForm'

const STATUS_TONE: Record<AccountSummary['status'], BadgeTone> = {
  ok: 'ok',
  needs_reauth: 'danger',
  offline: 'warn',
  pending_removal: 'warn'
}

export function AccountRow({
  account,
  index,
  total
}: {
  account: AccountSummary
  index: number
  total: number
}) {
  const handle = fullHandle(account)
  const busy = useAppStore(accountSelectors.busyAction(account.id))
  const removalReason = useAppStore(accountSelectors.removalReason(account.id))
  const switchTo = useAppStore((s) => s.switchAccount)
  const reverify = useAppStore((s) => s.reverifyAccount)
  const move = useAppStore((s) => s.moveAccount)
  const remove = useAppStore((s) => s.removeAccount)
  const signInAgain = useAppStore((s) => s.signInAgain)
  const [renaming, setRenaming] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const upRef = useRef<HTMLButtonElement>(null)
  const downRef = useRef<HTMLButtonElement>(null)
  const lastMove = useRef<-1 | 1 | null>(null)
  const reauthRef = useRef<HTMLButtonElement>(null)
  const focusReauth = useAppStore((s) => s.focusReauth === account.id)
  const clearFocusReauth = useAppStore((s) => s.clearFocusReauth)

  // A notification or the tray asked for this account's sign-in: its button takes the focus,
  // after the new screen has put it on its title (App's effect runs after this row's).
  useEffect(() => {
    if (!focusReauth || !reauthRef.current) return
    const button = reauthRef.current
    const frame = requestAnimationFrame(() => {
      button.focus()
      button.scrollIntoView({ block: 'nearest' })
      clearFocusReauth()
    })
    return () => cancelAnimationFrame(frame)
  }, [focusReauth, clearFocusReauth, account.status])

  // A moved row is re-inserted in the DOM, which drops the keyboard focus; put it back on the
  // button that was pressed (or its sibling once the row reaches an end of the list).
  useEffect(() => {
    if (lastMove.current === null) return
    const preferred = lastMove.current === -1 ? upRef.current : downRef.current
    const other = lastMove.current === -1 ? downRef.current : upRef.current
    lastMove.current = null
    ;(preferred && !preferred.disabled ? preferred : other)?.focus()
  }, [index])

  const onMove = (delta: -1 | 1) => {
    lastMove.current = delta
    void move(account.id, delta)
  }

  const name = accountName(account)
  // Buttons of a busy row stay focusable (a disabled button drops the keyboard focus); the store
  // ignores presses while the row's action runs.
  const inert = busy ? true : undefined
  const pending = account.status === 'pending_removal'

  return (
    <li
      className={`account-row${account.active ? ' active' : ''}`}
      aria-current={account.active ? 'true' : undefined}
      data-testid="account-row"
      data-account-id={account.id}
      data-status={account.status}
      data-busy={busy}
    >
      <Avatar src={account.avatar} name={name} />
      <div className="account-main">
        {renaming ? (
          <RenameForm account={account} onDone={() => setRenaming(false)} />
        ) : (
          <p className="account-name">
            {account.label ? account.label : <EmojiText text={name} emojis={account.emojis} />}
            {account.active && (
              <Badge tone="accent">
                <span data-testid="active-marker">Active</span>
              </Badge>
            )}
          </p>
        )}
        <p className="handle" data-testid="account-handle">
          {handle}
        </p>
        <p className="badges">
          <Badge>{softwareLabel(account.software, account.softwareVersion)}</Badge>
          <Badge tone={STATUS_TONE[account.status]}>
            <span data-testid="account-status">{STATUS_TEXT[account.status]}</span>
          </Badge>
        </p>
        {(account.statusReason || removalReason) && account.status !== 'ok' && (
          <p className="status-reason">{removalReason ?? account.statusReason}</p>
        )}
        {busy && (
          <p className="progress" role="status">
            <span className="spinner" aria-hidden="true" />
            {busy === 'remove' && !canRevokeHere(account) ? 'Removing…' : BUSY_TEXT[busy]}
          </p>
        )}
      </div>
      <div className="row-actions">
        {!account.active && !pending && (
          <button type="button" onClick={() => void switchTo(account.id)} aria-disabled={inert}>
            Switch<span className="visually-hidden"> to {handle}</span>
          </button>
        )}
        {account.status === 'needs_reauth' && (
          <button
            type="button"
            className="primary"
            ref={reauthRef}
            onClick={() => void signInAgain(account)}
          >
            Sign in again<span className="visually-hidden"> as {handle}</span>
          </button>
        )}
        {pending ? (
          <button type="button" onClick={() => !inert && setConfirming(true)} aria-disabled={inert}>
            Retry removal<span className="visually-hidden"> of {handle}</span>
          </button>
        ) : (
          <>
            <button type="button" onClick={() => void reverify(account.id)} aria-disabled={inert}>
              Check<span className="visually-hidden"> {handle}</span>
            </button>
            <button
              type="button"
              onClick={() => !inert && setRenaming(true)}
              aria-disabled={inert || renaming || undefined}
            >
              Rename<span className="visually-hidden"> {handle}</span>
            </button>
          </>
        )}
        <button
          ref={upRef}
          type="button"
          aria-label={`Move up: ${handle}`}
          title="Move up"
          onClick={() => onMove(-1)}
          disabled={index === 0}
          aria-disabled={inert}
        >
          ↑
        </button>
        <button
          ref={downRef}
          type="button"
          aria-label={`Move down: ${handle}`}
          title="Move down"
          onClick={() => onMove(1)}
          disabled={index === total - 1}
          aria-disabled={inert}
        >
          ↓
        </button>
        {!pending && (
          <button
            type="button"
            className="danger-quiet"
            onClick={() => !inert && setConfirming(true)}
            aria-disabled={inert}
          >
            Remove<span className="visually-hidden"> {handle}</span>
          </button>
        )}
      </div>
      {confirming && (
        <RemoveAccountDialog
          account={account}
          onRemove={(force) => remove(account.id, { force })}
          onClose={() => setConfirming(false)}
        />
      )}
    </li>
  )
}

const BUSY_TEXT = {
  switch: 'Switching…',
  reverify: 'Checking with the server…',
  rename: 'Renaming…',
  reorder: 'Moving…',
  remove: 'Revoking the token on the server…'
} as const
