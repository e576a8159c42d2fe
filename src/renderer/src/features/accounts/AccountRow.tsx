import {
  useEffect,
  useId,
  useRef,
  useState,
  type DragEvent,
  type KeyboardEvent,
  type MouseEvent
} from 'react'
import type { AccountSummary } from '@shared/domain/account'
import { Avatar } from '@renderer/components/Avatar'
import { EmojiText } from '@renderer/components/EmojiText'
import { Menu, type MenuItem } from '@renderer/components/Menu'
import { useAppStore } from '@renderer/store/context'
import { accountName, accountSelectors, fullHandle } from '@renderer/store/selectors'
import { canRevokeHere } from './ForgetOnlyDialog'
import { RemoveAccountDialog } from './RemoveAccountDialog'
import { RenameForm } from './RenameForm'
import { statusLine } from './status-line'

/**
 * One account: `[radio][avatar][name / handle][status][⋯]`. The radio makes it the active
 * account; the only inline button is "Sign in again" when the account needs it; everything else
 * is in the ⋯ menu (also on right-click), destructive action last. Alt+↑/↓ moves the row.
 */
export function AccountRow({
  account,
  index,
  total,
  now
}: {
  account: AccountSummary
  index: number
  total: number
  now: number
}) {
  const handle = fullHandle(account)
  const busy = useAppStore(accountSelectors.busyAction(account.id))
  const removalReason = useAppStore(accountSelectors.removalReason(account.id))
  const switchTo = useAppStore((s) => s.switchAccount)
  const reverify = useAppStore((s) => s.reverifyAccount)
  const move = useAppStore((s) => s.moveAccount)
  const moveTo = useAppStore((s) => s.moveAccountTo)
  const remove = useAppStore((s) => s.removeAccount)
  const signInAgain = useAppStore((s) => s.signInAgain)
  const [renaming, setRenaming] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const [menu, setMenu] = useState<HTMLElement | { x: number; y: number } | null>(null)
  const [details, setDetails] = useState(false)
  const moreRef = useRef<HTMLButtonElement>(null)
  const reauthRef = useRef<HTMLButtonElement>(null)
  const focusRequested = useAppStore((s) => s.focusRequest?.accountId === account.id)
  const clearFocusRequest = useAppStore((s) => s.clearFocusRequest)
  const rowRef = useRef<HTMLLIElement>(null)
  // Which control had the focus when the row moved: the row is re-inserted in the DOM, which
  // drops the keyboard focus, so it is put back on the same control afterwards.
  const refocusAfterMove = useRef<'radio' | 'more' | null>(null)
  const detailsId = useId()

  useEffect(() => {
    const target = refocusAfterMove.current
    if (target === null) return
    refocusAfterMove.current = null
    const el =
      target === 'more' ? moreRef.current : rowRef.current?.querySelector<HTMLElement>('input')
    el?.focus()
  }, [index])

  // Main sent the window here for this account (a notification): its way out takes the focus.
  useEffect(() => {
    if (!focusRequested) return
    clearFocusRequest()
    const target = reauthRef.current ?? moreRef.current
    target?.focus()
    target?.scrollIntoView({ block: 'nearest' })
  }, [focusRequested, clearFocusRequest])

  const name = accountName(account)
  const pending = account.status === 'pending_removal'
  const line = statusLine(account, now)
  const reason = removalReason ?? account.statusReason
  // Controls of a busy row stay focusable (a disabled one drops the keyboard focus); the store
  // ignores presses while the row's action runs.
  const inert = busy ? true : undefined

  const onMove = (delta: -1 | 1, focus: 'radio' | 'more') => {
    if (index + delta < 0 || index + delta >= total) return
    refocusAfterMove.current = focus
    void move(account.id, delta)
  }

  const onKeyDown = (e: KeyboardEvent) => {
    if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return
    e.preventDefault()
    const onRadio = (e.target as HTMLElement).tagName === 'INPUT'
    onMove(e.key === 'ArrowUp' ? -1 : 1, onRadio ? 'radio' : 'more')
  }

  // Drag and drop by the handle; Alt+↑/↓ is the keyboard's way to the same.
  const [dropping, setDropping] = useState(false)
  const onDragStart = (e: DragEvent) => {
    e.dataTransfer.setData(DRAG_TYPE, account.id)
    e.dataTransfer.effectAllowed = 'move'
    if (rowRef.current) e.dataTransfer.setDragImage(rowRef.current, 24, 24)
  }
  const onDragOver = (e: DragEvent) => {
    if (!e.dataTransfer.types.includes(DRAG_TYPE)) return
    e.preventDefault()
    e.dataTransfer.dropEffect = 'move'
    setDropping(true)
  }
  const onDrop = (e: DragEvent) => {
    setDropping(false)
    const id = e.dataTransfer.getData(DRAG_TYPE)
    if (!id || id === account.id) return
    e.preventDefault()
    void moveTo(id, index)
  }

  const onContextMenu = (e: MouseEvent) => {
    if (renaming) return
    e.preventDefault()
    setMenu({ x: e.clientX, y: e.clientY })
  }

  const items: MenuItem[] = [
    ...(pending
      ? []
      : [
          { key: 'check', label: 'Check now', onSelect: () => void reverify(account.id) },
          { key: 'rename', label: 'Rename…', onSelect: () => setRenaming(true) }
        ]),
    {
      key: 'up',
      label: 'Move up',
      disabled: index === 0,
      onSelect: () => onMove(-1, 'more')
    },
    {
      key: 'down',
      label: 'Move down',
      disabled: index === total - 1,
      onSelect: () => onMove(1, 'more')
    },
    {
      key: 'profile',
      label: (
        <>
          Open profile <span aria-hidden="true">↗</span>
        </>
      ),
      href: `${account.apiBaseUrl}/@${account.username}`
    },
    {
      key: 'remove',
      label: pending ? 'Retry removal…' : 'Remove…',
      danger: true,
      separatorBefore: true,
      onSelect: () => setConfirming(true)
    }
  ]

  return (
    <li
      ref={rowRef}
      className={`account-row${account.active ? ' active' : ''}${dropping ? ' drop-target' : ''}`}
      aria-current={account.active ? 'true' : undefined}
      data-testid="account-row"
      data-account-id={account.id}
      data-status={account.status}
      data-busy={busy}
      onKeyDown={onKeyDown}
      onContextMenu={onContextMenu}
      onDragOver={onDragOver}
      onDragLeave={() => setDropping(false)}
      onDrop={onDrop}
    >
      <span
        className="drag-handle"
        draggable
        aria-hidden="true"
        title="Drag to reorder (or Alt+↑/↓)"
        data-testid="drag-handle"
        onDragStart={onDragStart}
      >
        ⠿
      </span>
      <input
        type="radio"
        name="active-account"
        className="row-radio"
        checked={account.active}
        disabled={pending}
        aria-label={`Active account: ${handle}`}
        aria-describedby={account.active ? `${detailsId}-active` : undefined}
        onChange={() => !inert && void switchTo(account.id)}
      />
      <Avatar src={account.avatar} name={name} seed={account.id} size={40} mark={line.attention} />
      <div className="account-main">
        {renaming ? (
          <RenameForm
            account={account}
            onDone={() => {
              setRenaming(false)
              moreRef.current?.focus()
            }}
          />
        ) : (
          <>
            <p className="account-name">
              {account.label ? account.label : <EmojiText text={name} emojis={account.emojis} />}
            </p>
            <p className="handle" data-testid="account-handle">
              {handle}
            </p>
            {account.active && (
              <p className="active-line" id={`${detailsId}-active`} data-testid="active-marker">
                Active · scripts and the tray use this account
              </p>
            )}
          </>
        )}
      </div>
      <div className={`account-status tone-${line.tone}`}>
        <p className="status-label">
          <span className="status-icon" aria-hidden="true">
            {line.icon}
          </span>
          <span data-testid="account-status">{line.label}</span>
        </p>
        <p className="status-detail" data-testid="account-status-detail">
          {busy ? (
            <span role="status">
              <span className="spinner" aria-hidden="true" />
              {busy === 'remove' && !canRevokeHere(account) ? 'Removing…' : BUSY_TEXT[busy]}
            </span>
          ) : (
            line.detail
          )}
          {account.status !== 'ok' && reason && !busy && (
            <>
              {' '}
              <button
                type="button"
                className="link-button details-toggle"
                aria-expanded={details}
                aria-controls={detailsId}
                onClick={() => setDetails((v) => !v)}
              >
                Details<span className="visually-hidden"> for {handle}</span>
              </button>
            </>
          )}
        </p>
      </div>
      <div className="row-trailing">
        {account.status === 'needs_reauth' && (
          <button
            ref={reauthRef}
            type="button"
            className="primary"
            onClick={() => void signInAgain(account)}
          >
            Sign in again<span className="visually-hidden"> as {handle}</span>
          </button>
        )}
        <button
          ref={moreRef}
          type="button"
          className="more-button"
          aria-label={`More actions for ${handle}`}
          aria-haspopup="menu"
          aria-expanded={menu !== null}
          title="More actions"
          onClick={(e) => setMenu(menu ? null : e.currentTarget)}
        >
          <span aria-hidden="true">⋯</span>
        </button>
      </div>
      {details && reason && account.status !== 'ok' && (
        <p className="status-reason" id={detailsId} data-testid="status-reason">
          {reason}
        </p>
      )}
      {menu && (
        <Menu
          label={`Actions for ${handle}`}
          items={items}
          anchor={menu}
          testId="account-menu"
          onClose={(refocus) => {
            setMenu(null)
            if (refocus) moreRef.current?.focus()
          }}
        />
      )}
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

/** What a dragged row carries: its account id, under a type of our own. */
const DRAG_TYPE = 'application/x-fedivault-account'

const BUSY_TEXT = {
  switch: 'Switching…',
  reverify: 'Checking with the server…',
  rename: 'Renaming…',
  reorder: 'Moving…',
  remove: 'Revoking the token on the server…'
} as const
