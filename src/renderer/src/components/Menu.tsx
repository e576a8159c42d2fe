import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react'

export interface MenuItem {
  key: string
  label: ReactNode
  /** A link (opened by the system browser, as every target=_blank link is). */
  href?: string
  onSelect?: () => void
  /** Destructive: the only place besides confirmation dialogs where red appears. */
  danger?: boolean
  disabled?: boolean
  /** A menuitemradio (the header switcher's accounts), checked or not. */
  checked?: boolean
  separatorBefore?: boolean
  testId?: string
}

/**
 * A popup menu (WAI-ARIA menu pattern): the first item takes the focus, ↑/↓/Home/End move it,
 * Enter or Space choose, Escape and Tab close it and give the focus back to the opener. Placed
 * under the opener, or at the pointer for a right-click, kept inside the window.
 */
export function Menu({
  label,
  items,
  anchor,
  onClose,
  testId
}: {
  label: string
  items: MenuItem[]
  anchor: HTMLElement | { x: number; y: number }
  /** `refocus`: give the focus back to the opener (not when an item moves it elsewhere). */
  onClose: (refocus: boolean) => void
  testId?: string
}) {
  const ref = useRef<HTMLDivElement>(null)
  const [place, setPlace] = useState<{ top: number; left: number } | null>(null)

  useLayoutEffect(() => {
    const menu = ref.current
    if (!menu) return
    const { width, height } = menu.getBoundingClientRect()
    const point =
      anchor instanceof HTMLElement
        ? (() => {
            const r = anchor.getBoundingClientRect()
            return { x: r.right - width, y: r.bottom + 4, above: r.top - height - 4 }
          })()
        : { x: anchor.x, y: anchor.y, above: anchor.y - height }
    const top = point.y + height > window.innerHeight - 8 ? Math.max(8, point.above) : point.y
    const left = Math.min(Math.max(8, point.x), window.innerWidth - width - 8)
    setPlace({ top, left })
  }, [anchor])

  const enabled = () =>
    Array.from(
      ref.current?.querySelectorAll<HTMLElement>(
        '[role^="menuitem"]:not([aria-disabled="true"])'
      ) ?? []
    )

  useEffect(() => {
    if (!place) return
    const first = enabled().find((el) => el.getAttribute('aria-checked') === 'true') ?? enabled()[0]
    first?.focus()
  }, [place])

  useEffect(() => {
    const outside = (e: PointerEvent) => {
      const target = e.target as Node
      // A press on the opener toggles the menu itself.
      if (anchor instanceof HTMLElement && anchor.contains(target)) return
      if (!ref.current?.contains(target)) onClose(false)
    }
    document.addEventListener('pointerdown', outside, true)
    return () => document.removeEventListener('pointerdown', outside, true)
  }, [onClose, anchor])

  const onKeyDown = (e: React.KeyboardEvent) => {
    const list = enabled()
    const at = list.indexOf(document.activeElement as HTMLElement)
    const go = (i: number) => list[(i + list.length) % list.length]?.focus()
    switch (e.key) {
      case 'ArrowDown':
        go(at + 1)
        break
      case 'ArrowUp':
        go(at - 1)
        break
      case 'Home':
        go(0)
        break
      case 'End':
        go(list.length - 1)
        break
      case 'Escape':
        onClose(true)
        break
      case 'Tab':
        onClose(true)
        break
      default:
        return
    }
    e.preventDefault()
    e.stopPropagation()
  }

  const choose = (item: MenuItem) => {
    if (item.disabled) return
    onClose(!item.href)
    item.onSelect?.()
  }

  return (
    <div
      ref={ref}
      role="menu"
      aria-label={label}
      className="menu"
      data-testid={testId}
      style={place ? { top: place.top, left: place.left } : { visibility: 'hidden' }}
      onKeyDown={onKeyDown}
    >
      {items.map((item) => (
        <MenuEntry key={item.key} item={item} onChoose={() => choose(item)} />
      ))}
    </div>
  )
}

function MenuEntry({ item, onChoose }: { item: MenuItem; onChoose: () => void }) {
  const className = `menu-item${item.danger ? ' danger-item' : ''}`
  const role = item.checked === undefined ? 'menuitem' : 'menuitemradio'
  const common = {
    role,
    tabIndex: -1,
    className,
    'aria-disabled': item.disabled || undefined,
    'aria-checked': item.checked,
    'data-testid': item.testId
  } as const
  return (
    <>
      {item.separatorBefore && <div role="separator" className="menu-separator" />}
      {item.href ? (
        <a
          {...common}
          href={item.href}
          target="_blank"
          rel="noopener noreferrer"
          onClick={onChoose}
        >
          {item.label}
        </a>
      ) : (
        <button
          {...common}
          type="button"
          onClick={onChoose}
          onKeyDown={(e) => {
            if (e.key === ' ') {
              e.preventDefault()
              onChoose()
            }
          }}
        >
          {item.checked !== undefined && (
            <span className="menu-check" aria-hidden="true">
              {item.checked ? '●' : ''}
            </span>
          )}
          {item.label}
        </button>
      )}
    </>
  )
}
