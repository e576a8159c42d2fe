export function EmptyAccounts({ onAdd }: { onAdd: () => void }) {
  return (
    <div className="empty-state" data-testid="empty-accounts">
      <h2>No accounts yet</h2>
      <p>
        Sign in to your Mastodon, Pleroma, Akkoma, GoToSocial or other fediverse account. Fedivault
        keeps the sign-in safe on this computer and lets you switch between accounts.
      </p>
      <button type="button" className="primary" onClick={onAdd}>
        Add your first account
      </button>
    </div>
  )
}
