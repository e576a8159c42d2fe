import { useEffect, useState } from 'react'
import type { CreatedScriptKey, ScriptKeySummary } from '@shared/domain/script-keys'
import { Badge } from '@renderer/components/Badge'
import { ErrorPanel } from '@renderer/components/ErrorPanel'
import { Progress } from '@renderer/components/Progress'
import { useAppStore } from '@renderer/store/context'
import { accountsText, modeNames, stateText } from './key-text'
import { KeyShownOnce } from './KeyShownOnce'
import { NewKeyForm } from './NewKeyForm'

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** One key per script: what it may do, when it was last used, and a way to revoke it. */
export function ScriptKeysSection() {
  // Run keys (`fedivault run`) are not named keys: RunKeysSection lists them while they live.
  const keys = useAppStore((s) => s.scriptKeys)?.filter((key) => !key.run)
  const status = useAppStore((s) => s.scriptKeysStatus)
  const error = useAppStore((s) => s.scriptKeysError)
  const load = useAppStore((s) => s.loadScriptKeys)
  const [view, setView] = useState<'list' | 'form'>('list')
  // The new key: only here, only until "Done".
  const [created, setCreated] = useState<CreatedScriptKey | null>(null)
  useEffect(() => {
    void load()
  }, [load])

  return (
    <section className="card" aria-labelledby="keys-title" data-testid="script-keys">
      <h2 id="keys-title">Script keys</h2>
      <p>
        Give each script its own key: it names the accounts the script may use and what it may do
        with them, and you can revoke it without disturbing other scripts.
      </p>
      <Progress text={status === 'loading' ? 'Loading the keys…' : null} />
      {error && (
        <ErrorPanel error={error} fallbackTitle="Script keys">
          <button type="button" onClick={() => void load()}>
            Try again
          </button>
        </ErrorPanel>
      )}
      {created ? (
        <KeyShownOnce created={created} onDone={() => setCreated(null)} />
      ) : view === 'form' ? (
        <NewKeyForm
          onCreated={(key) => {
            setCreated(key)
            setView('list')
          }}
          onCancel={() => setView('list')}
        />
      ) : (
        <div className="actions">
          <button type="button" className="primary" onClick={() => setView('form')}>
            New key
          </button>
        </div>
      )}
      {keys && keys.length === 0 && <p className="muted">No keys yet.</p>}
      {keys && keys.length > 0 && <KeyTable keys={keys} />}
    </section>
  )
}

function KeyTable({ keys }: { keys: ScriptKeySummary[] }) {
  return (
    <table data-testid="script-key-list">
      <caption className="visually-hidden">Script keys</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Accounts</th>
          <th scope="col">May</th>
          <th scope="col">Last used</th>
          <th scope="col">Expires</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {[...keys].reverse().map((key) => (
          <KeyRow key={key.id} item={key} />
        ))}
      </tbody>
    </table>
  )
}

function KeyRow({ item }: { item: ScriptKeySummary }) {
  const revoke = useAppStore((s) => s.revokeScriptKey)
  const busy = useAppStore((s) => s.scriptKeyBusy === `revoke:${item.id}`)
  const [confirming, setConfirming] = useState(false)
  return (
    <tr data-testid={`script-key-${item.name}`}>
      <th scope="row">
        {item.name}{' '}
        {item.state !== 'active' && (
          <Badge tone={item.state === 'revoked' ? 'danger' : 'warn'}>{stateText[item.state]}</Badge>
        )}
      </th>
      <td>{accountsText(item.accounts)}</td>
      <td>{modeNames[item.mode]}</td>
      <td>{item.lastUsedAt ? when.format(item.lastUsedAt) : 'Never'}</td>
      <td>{item.expiresAt ? when.format(item.expiresAt) : 'Never'}</td>
      <td>
        {item.state === 'revoked' ? null : confirming ? (
          <span className="inline-field">
            <button
              type="button"
              className="danger"
              disabled={busy}
              aria-busy={busy || undefined}
              onClick={() => void revoke(item.id).then(() => setConfirming(false))}
            >
              Revoke now<span className="visually-hidden"> {item.name}</span>
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep<span className="visually-hidden"> {item.name}</span>
            </button>
          </span>
        ) : (
          <button type="button" onClick={() => setConfirming(true)}>
            Revoke<span className="visually-hidden"> {item.name}</span>
          </button>
        )}
      </td>
    </tr>
  )
}
