import { useEffect } from 'react'
import { useAppStore, useAppStoreApi } from './store/context'

/**
 * The theme chosen in Settings, on the root element: `system` leaves it to prefers-color-scheme,
 * `light`/`dark` override it (styles.css reads `data-theme`).
 */
export function useTheme(): void {
  const theme = useAppStore((s) => s.settings?.theme ?? 'system')
  useEffect(() => {
    const root = document.documentElement
    if (theme === 'system') delete root.dataset.theme
    else root.dataset.theme = theme
  }, [theme])
}

/** Ctrl+1…9 (⌘ on macOS) makes the first nine accounts active, wherever the focus is. */
export function useSwitchShortcuts(): void {
  const store = useAppStoreApi()
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return
      const n = Number(e.key)
      if (!Number.isInteger(n) || n < 1 || n > 9) return
      const { accounts, switchAccount } = store.getState()
      const target = accounts[n - 1]
      if (!target || target.status === 'pending_removal') return
      e.preventDefault()
      if (!target.active) void switchAccount(target.id)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [store])
}
