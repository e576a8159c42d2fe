import { useRef, useState } from 'react'
import { useAppStore } from '@renderer/store/context'
import { accountName, accountSelectors, fullHandle, STATUS_TEXT } from '@renderer/store/selectors'
import { Avatar } from './Avatar'
import { EmojiText } from './EmojiText'
import { Menu, type MenuItem } from './Menu'

/**
 * The header's account switcher: the active account (picture, name, handle, a status dot) and a
 * menu that mirrors the tray's — every account as a radio item, then "Add account…" and
 * "Settings". A count before it says how many accounts need the person.
 */
export function AccountSwitcher() {
  const accounts = useAppStore(accountSelectors.accounts)
  const active = useAppStore(accountSelectors.activeAccount)
  const attention = useAppStore(accountSelectors.attentionCount)
  const switchTo = useAppStore((s) => s.switchAccount)
  const restart = useAppStore((s) => s.restartOnboarding)
  const navigate = useAppStore((s) => s.navigate)
  const [anchor, setAnchor] = useState<HTMLElement | null>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)
  if (accounts.length === 0) return null

  const items: MenuItem[] = [
    ...accounts.map((a, i) => ({
      key: a.id,
      checked: a.active,
      disabled: a.status === 'pending_removal',
      testId: 'switcher-item',
      label: (
        <span className="switcher-item">
          <span className="switcher-item-name">
            <EmojiText text={accountName(a)} emojis={a.label ? [] : a.emojis} />
          </span>
          <span className="switcher-item-handle">{fullHandle(a)}</span>
          {a.status !== 'ok' && (
            <span className="switcher-item-status">⚠ {STATUS_TEXT[a.status]}</span>
          )}
          {i < 9 && (
            <kbd className="shortcut" aria-hidden="true">
              Ctrl+{i + 1}
            </kbd>
          )}
        </span>
      ),
      onSelect: () => void switchTo(a.id)
    })),
    {
      key: 'add',
      label: 'Add account…',
      separatorBefore: true,
      onSelect: () => {
        restart()
        navigate('onboarding')
      }
    },
    { key: 'settings', label: 'Settings', onSelect: () => navigate('settings') }
  ]

  return (
    <div className="switcher">
      {attention > 0 && (
        <span
          className="attention-count"
          data-testid="attention-count"
          role="img"
          aria-label={`${attention} ${attention === 1 ? 'account needs' : 'accounts need'} your attention`}
        >
          ⚠{attention}
        </span>
      )}
      <button
        ref={buttonRef}
        type="button"
        className="switcher-button"
        data-testid="header-active"
        aria-haspopup="menu"
        aria-expanded={anchor !== null}
        onClick={(e) => setAnchor(anchor ? null : e.currentTarget)}
      >
        {active ? (
          <>
            <Avatar src={active.avatar} name={accountName(active)} seed={active.id} size={26} />
            <span className="visually-hidden">Active account: </span>
            <span className="switcher-name">
              <EmojiText text={accountName(active)} emojis={active.label ? [] : active.emojis} />
            </span>
            <span className="switcher-handle">{fullHandle(active)}</span>
            <span className={`status-dot dot-${active.status}`} aria-hidden="true" />
            <span className="visually-hidden">, {STATUS_TEXT[active.status]}. Switch account</span>
          </>
        ) : (
          <span className="switcher-name">Choose the active account</span>
        )}
        <span aria-hidden="true">▾</span>
      </button>
      {anchor && (
        <Menu
          label="Switch account"
          items={items}
          anchor={anchor}
          testId="switcher-menu"
          onClose={(refocus) => {
            setAnchor(null)
            if (refocus) buttonRef.current?.focus()
          }}
        />
      )}
    </div>
  )
}
