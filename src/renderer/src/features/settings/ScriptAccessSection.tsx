import type { SettingsDto } from '@shared/domain/settings'
import { AsyncCheckbox } from '@renderer/components/AsyncCheckbox'
import { Badge } from '@renderer/components/Badge'
import { useAppStore } from '@renderer/store/context'

/**
 * The local endpoint scripts use. The secret is copied by main straight to the clipboard; this
 * window never sees it.
 */
export function ScriptAccessSection({ settings }: { settings: SettingsDto }) {
  const setEnabled = useAppStore((s) => s.setScriptAccess)
  const copySecret = useAppStore((s) => s.copyScriptSecret)
  const busy = useAppStore((s) => s.settingsBusy)
  const access = settings.scriptAccess
  return (
    <section className="card" aria-labelledby="script-title" data-testid="script-access">
      <h2 id="script-title">Script access</h2>
      <p>
        Lets scripts on this computer ask Fedivault for the active account&rsquo;s token over a
        local address, with a secret only you hand out. Each request is logged below.
      </p>
      <AsyncCheckbox checked={access.enabled} onChange={setEnabled} describedBy="script-status">
        Allow script access
      </AsyncCheckbox>
      <p id="script-status" className="progress" role="status">
        {busy === 'scriptAccess' && (
          <>
            <span className="spinner" aria-hidden="true" />
            Updating script access…
          </>
        )}
      </p>
      {access.enabled && (
        <dl className="facts">
          <div>
            <dt>Status</dt>
            <dd>
              {access.running ? (
                <Badge tone="ok">Running</Badge>
              ) : (
                <Badge tone="danger">Not running</Badge>
              )}
              {access.error && <span className="reason"> {access.error}</span>}
            </dd>
          </div>
          {access.port !== undefined && (
            <div>
              <dt>Port</dt>
              <dd data-testid="script-port">{access.port}</dd>
            </div>
          )}
          {access.url && (
            <div>
              <dt>Address</dt>
              <dd>
                <code>{access.url}</code>
              </dd>
            </div>
          )}
        </dl>
      )}
      <div className="actions">
        <button
          type="button"
          onClick={() => void copySecret()}
          disabled={!access.enabled}
          aria-busy={busy === 'copySecret' || undefined}
        >
          Copy secret
        </button>
      </div>
    </section>
  )
}
