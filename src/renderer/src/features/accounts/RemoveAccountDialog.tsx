import { useState } from 'react'
import type { AccountSummary } from '@shared/domain/account'
import { Dialog } from '@renderer/components/Dialog'
import { useAppStore } from '@renderer/store/context'
import { accountSelectors, fullHandle } from '@renderer/store/selectors'
import { canRevokeHere, ForgetOnlyDialog } from './ForgetOnlyDialog'

/**
 * Confirms a removal and says what it does: the token is revoked on the server first, and the
 * account is forgotten only when that worked (or when the person chooses to remove it anyway).
 */
export function RemoveAccountDialog({
  account,
  onRemove,
  onClose
}: {
  account: AccountSummary
  onRemove: (force: boolean) => Promise<boolean>
  onClose: () => void
}) {
  const handle = fullHandle(account)
  const busy = useAppStore(accountSelectors.busyAction(account.id)) === 'remove'
  const reason = useAppStore(accountSelectors.removalReason(account.id))
  const [refused, setRefused] = useState(account.status === 'pending_removal')
  if (!canRevokeHere(account)) {
    return (
      <ForgetOnlyDialog
        account={account}
        handle={handle}
        busy={busy}
        onRemove={onRemove}
        onClose={onClose}
      />
    )
  }

  const run = async (force: boolean) => {
    if (await onRemove(force)) onClose()
    else setRefused(true)
  }

  return (
    <Dialog title={`Remove ${handle}?`} onClose={onClose} testId="remove-dialog">
      <p>
        Fedivault will <strong>revoke its token on {account.domain}</strong>, so this app can no
        longer use the account, and then forget the account on this computer. Your account on the
        server is not deleted.
      </p>
      {busy && (
        <p className="progress" role="status">
          <span className="spinner" aria-hidden="true" />
          Revoking the token on the server…
        </p>
      )}
      {refused && !busy && (
        <div className="error-panel" role="alert" data-testid="remove-refused">
          <p className="error-title">The token was not revoked</p>
          <p>{reason ?? account.statusReason ?? 'The server did not confirm the revocation.'}</p>
          <p>
            You can try again later, or remove the account from this computer only — the token then
            stays valid on the server until you revoke it in its settings (Authorized apps).
          </p>
        </div>
      )}
      <div className="actions">
        <button type="button" onClick={onClose} autoFocus>
          Cancel
        </button>
        {refused && (
          <button type="button" className="danger" onClick={() => void run(true)} disabled={busy}>
            Remove from this computer only
          </button>
        )}
        <button
          type="button"
          className={refused ? undefined : 'danger'}
          onClick={() => void run(false)}
          disabled={busy}
        >
          {refused ? 'Try revoking again' : 'Revoke and remove'}
        </button>
      </div>
    </Dialog>
  )
}
