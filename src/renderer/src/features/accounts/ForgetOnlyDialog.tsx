import type { AccountSummary } from '@shared/domain/account'
import { Dialog } from '@renderer/components/Dialog'

/** Misskey-family tokens cannot be revoked by the app that holds them (PROTOCOL.md §6). */
export const canRevokeHere = (account: Pick<AccountSummary, 'api'>): boolean =>
  account.api !== 'misskey'

/**
 * The removal confirmation for an account whose token Fedivault cannot revoke: it only forgets the
 * account here, and says before anything happens that the token keeps working until the person
 * revokes it on the server. It never promises a revocation.
 */
export function ForgetOnlyDialog({
  account,
  handle,
  busy,
  onRemove,
  onClose
}: {
  account: AccountSummary
  handle: string
  busy: boolean
  onRemove: (force: boolean) => Promise<boolean>
  onClose: () => void
}) {
  const run = async () => {
    if (await onRemove(false)) onClose()
  }
  return (
    <Dialog title={`Remove ${handle}?`} onClose={onClose} testId="remove-dialog">
      <p>
        Fedivault will <strong>forget this account on this computer</strong>. It{' '}
        <strong>cannot revoke its token</strong>: {account.domain} does not let an app revoke its
        own access. The token keeps working until you revoke &ldquo;Fedivault&rdquo; under Settings
        → Connected apps on {account.domain} — Fedivault links you there after removing it. Your
        account on the server is not deleted.
      </p>
      {busy && (
        <p className="progress" role="status">
          <span className="spinner" aria-hidden="true" />
          Removing the account from Fedivault…
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={onClose} autoFocus>
          Cancel
        </button>
        <button type="button" className="danger" onClick={() => void run()} disabled={busy}>
          Remove from Fedivault
        </button>
      </div>
    </Dialog>
  )
}
