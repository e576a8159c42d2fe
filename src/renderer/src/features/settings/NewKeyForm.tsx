import { useId, useState, type FormEvent } from 'react'
import type { CreatedScriptKey, ScriptKeyMode, ScriptKeySpec } from '@shared/domain/script-keys'
import { useAppStore } from '@renderer/store/context'
import { modeDetails, modeNames } from './key-text'

const expiries = [
  { value: '', label: 'Never' },
  { value: '7', label: 'In 7 days' },
  { value: '30', label: 'In 30 days' },
  { value: '90', label: 'In 90 days' },
  { value: '365', label: 'In a year' }
]

const modes: ScriptKeyMode[] = ['proxy-read-only', 'proxy-read-write', 'token']

/** Name, accounts, mode and expiry of a new key. Read-only for the active account by default. */
export function NewKeyForm({
  onCreated,
  onCancel
}: {
  onCreated: (created: CreatedScriptKey) => void
  onCancel: () => void
}) {
  const accounts = useAppStore((s) => s.accounts)
  const create = useAppStore((s) => s.createScriptKey)
  const busy = useAppStore((s) => s.scriptKeyBusy === 'create')
  const [name, setName] = useState('')
  const [which, setWhich] = useState<'active' | 'chosen'>('active')
  const [chosen, setChosen] = useState<string[]>([])
  const [mode, setMode] = useState<ScriptKeyMode>('proxy-read-only')
  const [expiry, setExpiry] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const id = useId()

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    if (name.trim() === '') return setProblem('Give the key a name, such as "notification bot".')
    if (which === 'chosen' && chosen.length === 0) return setProblem('Choose at least one account.')
    setProblem(null)
    const spec: ScriptKeySpec = {
      name: name.trim(),
      accounts: which === 'active' ? 'active' : chosen,
      mode,
      ...(expiry ? { expiresAt: Date.now() + Number(expiry) * 86_400_000 } : {})
    }
    const created = await create(spec)
    if (created) onCreated(created)
  }

  return (
    <form
      className="key-form"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => void onSubmit(e)}
      data-testid="new-key-form"
    >
      <h3 id={`${id}-title`}>New key</h3>
      <label htmlFor={`${id}-name`}>Name</label>
      <input
        id={`${id}-name`}
        name="name"
        type="text"
        maxLength={60}
        value={name}
        aria-invalid={problem !== null && name.trim() === '' ? true : undefined}
        aria-describedby={`${id}-problem`}
        onChange={(e) => {
          setName(e.target.value)
          setProblem(null)
        }}
      />
      <fieldset className="choices">
        <legend>Accounts it may use</legend>
        <label className="check">
          <input
            type="radio"
            name="accounts"
            checked={which === 'active'}
            onChange={() => setWhich('active')}
          />
          Whichever account is active
        </label>
        <label className="check">
          <input
            type="radio"
            name="accounts"
            checked={which === 'chosen'}
            onChange={() => setWhich('chosen')}
            disabled={accounts.length === 0}
          />
          Only these accounts:
        </label>
        {which === 'chosen' && (
          <div className="key-accounts">
            {accounts.map((account) => (
              <label className="check" key={account.id}>
                <input
                  type="checkbox"
                  checked={chosen.includes(account.id)}
                  onChange={(e) =>
                    setChosen((list) =>
                      e.target.checked
                        ? [...list, account.id]
                        : list.filter((h) => h !== account.id)
                    )
                  }
                />
                {account.id}
              </label>
            ))}
          </div>
        )}
      </fieldset>
      <fieldset className="choices">
        <legend>What it may do</legend>
        {modes.map((m) => (
          <label className="choice" key={m}>
            <input type="radio" name="mode" checked={mode === m} onChange={() => setMode(m)} />
            <span>
              {modeNames[m]}
              <span className="choice-detail">{modeDetails[m]}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <label htmlFor={`${id}-expiry`}>Expires</label>
      <select
        id={`${id}-expiry`}
        name="expiry"
        value={expiry}
        onChange={(e) => setExpiry(e.target.value)}
      >
        {expiries.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <p id={`${id}-problem`} className="reason" role="alert">
        {problem}
      </p>
      <div className="actions">
        <button type="submit" className="primary" aria-busy={busy || undefined} disabled={busy}>
          Create key
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
