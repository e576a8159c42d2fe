import { useMemo, useState } from 'react'
import { useAppStore } from '@renderer/store/context'
import { accountSelectors, fullHandle, settingsSelectors } from '@renderer/store/selectors'

/**
 * Above the list: what needs the person, said once and with the way out — accounts whose sign-in
 * the server refused, and sign-ins kept without the OS keychain's protection. Dismissing hides
 * it until the set of accounts in trouble changes.
 */
export function AttentionBanner() {
  const accounts = useAppStore(accountSelectors.accounts)
  const trouble = useMemo(() => accounts.filter((a) => a.status === 'needs_reauth'), [accounts])
  const settings = useAppStore((s) => s.settings)
  const signInAgain = useAppStore((s) => s.signInAgain)
  const showSettings = useAppStore((s) => s.showSettings)
  const [dismissed, setDismissed] = useState<string | null>(null)
  const key = trouble.map((a) => a.id).join(' ')
  const unprotected = settings ? !settings.storage.protectedByOs : false
  const showAccounts = trouble.length > 0 && dismissed !== key
  if (!showAccounts && !unprotected) return null
  const first = trouble[0]
  return (
    <section className="attention" aria-label="Needs your attention" data-testid="attention-banner">
      {showAccounts && first && (
        <div className="attention-line" data-testid="attention-reauth">
          <span className="attention-icon" aria-hidden="true">
            ⚠
          </span>
          <p>
            {trouble.length === 1 ? (
              <>
                <strong>{fullHandle(first)}</strong> needs you to sign in again.
              </>
            ) : (
              <>
                <strong>{trouble.length} accounts</strong> need you to sign in again.
              </>
            )}
          </p>
          <button type="button" className="primary" onClick={() => void signInAgain(first)}>
            Sign in again
            <span className="visually-hidden">
              {' '}
              as {fullHandle(first)}
              {trouble.length > 1 ? ' (the first of them)' : ''}
            </span>
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss until another account needs you"
            title="Dismiss"
            onClick={() => setDismissed(key)}
          >
            <span aria-hidden="true">×</span>
          </button>
        </div>
      )}
      {unprotected && (
        <div className="attention-line" data-testid="attention-storage">
          <span className="attention-icon" aria-hidden="true">
            ⚠
          </span>
          <p>{settingsSelectors.storageWarning(settings)}</p>
          <button type="button" onClick={() => showSettings('security')}>
            Open Settings
          </button>
        </div>
      )}
    </section>
  )
}
