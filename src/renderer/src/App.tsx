import { useEffect, useRef } from 'react'
import { ErrorPanel } from './components/ErrorPanel'
import { NoticeArea } from './components/NoticeArea'
import { Progress } from './components/Progress'
import { StatusBar } from './components/StatusBar'
import { AccountSwitcher } from './components/AccountSwitcher'
import { AccountsScreen } from './features/accounts/AccountsScreen'
import { OnboardingScreen } from './features/onboarding/OnboardingScreen'
import { SettingsScreen } from './features/settings/SettingsScreen'
import { useAppStore } from './store/context'
import type { View } from './store/types'
import { useSwitchShortcuts, useTheme } from './window-effects'

// "Add account" is a button on the Accounts screen and in the switcher's menu, not a place.
const NAV: { view: View; label: string }[] = [
  { view: 'accounts', label: 'Accounts' },
  { view: 'settings', label: 'Settings' }
]

export function App() {
  const boot = useAppStore((s) => s.boot)
  const view = useAppStore((s) => s.view)
  const bootStatus = useAppStore((s) => s.bootStatus)
  const bootError = useAppStore((s) => s.bootError)
  const navigate = useAppStore((s) => s.navigate)
  const restart = useAppStore((s) => s.restartOnboarding)
  const onboardingDone = useAppStore((s) => s.onboarding.step === 'verified')
  const mainRef = useRef<HTMLElement>(null)
  const firstView = useRef(true)

  useEffect(() => boot(), [boot])
  useTheme()
  useSwitchShortcuts()

  // A new screen moves keyboard focus to its title, as a page load would.
  useEffect(() => {
    if (firstView.current) {
      firstView.current = false
      return
    }
    // Unless an account row took it on purpose (main sent the window to that account).
    if (document.activeElement?.closest('.account-row')) return
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus()
  }, [view])

  const go = (to: View) => {
    if (to === 'onboarding' && onboardingDone) restart()
    navigate(to)
  }

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <span className="brand">Fedivault</span>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.view}>
                <button
                  type="button"
                  className="nav-button"
                  aria-current={
                    view === item.view || (item.view === 'accounts' && view === 'onboarding')
                      ? 'page'
                      : undefined
                  }
                  onClick={() => go(item.view)}
                >
                  {item.label}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <AccountSwitcher />
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        {bootStatus === 'error' && bootError ? (
          <ErrorPanel error={bootError} fallbackTitle="Fedivault could not start">
            <button type="button" onClick={() => location.reload()}>
              Reload
            </button>
          </ErrorPanel>
        ) : bootStatus !== 'ready' && view === 'accounts' ? (
          <Progress text="Starting Fedivault…" />
        ) : view === 'onboarding' ? (
          <OnboardingScreen />
        ) : view === 'settings' ? (
          <SettingsScreen />
        ) : (
          <AccountsScreen />
        )}
      </main>
      <NoticeArea />
      <StatusBar />
    </div>
  )
}
