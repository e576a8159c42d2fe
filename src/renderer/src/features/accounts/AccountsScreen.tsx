import { ErrorPanel } from '@renderer/components/ErrorPanel'
import { Progress } from '@renderer/components/Progress'
import { useNow } from '@renderer/lib/use-now'
import { useAppStore } from '@renderer/store/context'
import { accountSelectors } from '@renderer/store/selectors'
import { AccountRow } from './AccountRow'
import { AttentionBanner } from './AttentionBanner'
import { EmptyAccounts } from './EmptyAccounts'
import { RevokeOnServerNotices } from './RevokeOnServerNotice'

export function AccountsScreen() {
  const accounts = useAppStore(accountSelectors.accounts)
  const status = useAppStore((s) => s.accountsStatus)
  const error = useAppStore((s) => s.accountsError)
  const load = useAppStore((s) => s.loadAccounts)
  const reverifyAll = useAppStore((s) => s.reverifyAccount)
  const checkingAll = useAppStore((s) => s.accountBusy['*'] === 'reverify')
  const add = useAppStore((s) => s.restartOnboarding)
  const navigate = useAppStore((s) => s.navigate)
  const now = useNow()

  const startAdding = () => {
    add()
    navigate('onboarding')
  }

  return (
    <section className="screen accounts-screen" aria-labelledby="accounts-title">
      <AttentionBanner />
      <div className="screen-head">
        <h1 id="accounts-title" tabIndex={-1}>
          Accounts{accounts.length > 0 && <span className="count"> ({accounts.length})</span>}
        </h1>
        {accounts.length > 0 && (
          <div className="actions">
            <button
              type="button"
              onClick={() => void reverifyAll()}
              aria-disabled={checkingAll || undefined}
              title="Check every account with its server"
            >
              <span aria-hidden="true">↻ </span>Check all accounts
            </button>
            <button type="button" className="primary" onClick={startAdding}>
              <span aria-hidden="true">+ </span>Add account
            </button>
          </div>
        )}
      </div>
      <Progress
        text={
          status === 'loading'
            ? 'Loading accounts…'
            : checkingAll
              ? 'Checking every account with its server…'
              : null
        }
      />
      {error && (
        <ErrorPanel error={error} fallbackTitle="Couldn't load your accounts">
          <button type="button" onClick={() => void load()}>
            Try again
          </button>
        </ErrorPanel>
      )}
      <RevokeOnServerNotices />
      {status === 'ready' && accounts.length === 0 && <EmptyAccounts onAdd={startAdding} />}
      {accounts.length > 0 && (
        <>
          <ul className="account-list" aria-label="Your accounts" data-testid="account-list">
            {accounts.map((account, index) => (
              <AccountRow
                key={account.id}
                account={account}
                index={index}
                total={accounts.length}
                now={now}
              />
            ))}
          </ul>
          <p className="hint list-hint">
            The active account (the filled circle) is the one scripts and the tray use. Ctrl+1…9
            switches; drag ⠿ or press Alt+↑/↓ to reorder; right-click or ⋯ for more.
          </p>
        </>
      )}
    </section>
  )
}
