import type { ScriptKeySummary } from '@shared/domain/script-keys'
import { useAppStore } from '@renderer/store/context'
import { accountsText, modeNames } from './key-text'

const started = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' })

/** Run keys are script keys too; Settings lists the live ones here, apart from named keys. */
export function isLiveRunKey(key: ScriptKeySummary): boolean {
  return key.run !== undefined && key.state === 'active'
}

/**
 * The keys `fedivault run` holds while its command runs: one line per command ("temporary —
 * toot timeline, started 14:02"), gone when the command ends. Ending one here revokes its key
 * at once; the command's next request is refused.
 */
export function RunKeysSection() {
  const keys = useAppStore((s) => s.scriptKeys)
  const live = (keys ?? []).filter(isLiveRunKey)
  return (
    <section className="card" aria-labelledby="run-keys-title" data-testid="run-keys">
      <h2 id="run-keys-title">Commands running now</h2>
      <p>
        <code>fedivault run -- toot timeline</code> gives the command a temporary key for one
        account, which ends with the command.
      </p>
      {live.length === 0 ? (
        <p className="muted">No command is running through Fedivault.</p>
      ) : (
        <ul>
          {[...live].reverse().map((key) => (
            <RunKeyItem key={key.id} item={key} />
          ))}
        </ul>
      )}
    </section>
  )
}

function RunKeyItem({ item }: { item: ScriptKeySummary }) {
  const revoke = useAppStore((s) => s.revokeScriptKey)
  const busy = useAppStore((s) => s.scriptKeyBusy === `revoke:${item.id}`)
  const command = item.run?.command ?? item.name
  return (
    <li data-testid="run-key">
      <span>
        <strong>temporary — {command}</strong>, started {started.format(item.createdAt)}
      </span>
      <span className="muted">
        {' '}
        · {accountsText(item.accounts)} · {modeNames[item.mode]}{' '}
      </span>
      <button
        type="button"
        disabled={busy}
        aria-busy={busy || undefined}
        onClick={() => void revoke(item.id)}
      >
        End now<span className="visually-hidden"> {command}</span>
      </button>
    </li>
  )
}
