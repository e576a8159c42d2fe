import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import type { AccountSummary } from '@shared/domain/account'
import { useAppStore } from '@renderer/store/context'
import { fullHandle } from '@renderer/store/selectors'

/** An inline label editor; an empty name goes back to the display name. Escape cancels. */
export function RenameForm({ account, onDone }: { account: AccountSummary; onDone: () => void }) {
  const rename = useAppStore((s) => s.renameAccount)
  const [label, setLabel] = useState(account.label ?? account.displayName)
  const inputRef = useRef<HTMLInputElement>(null)
  const id = useId()
  useEffect(() => {
    inputRef.current?.select()
  }, [])
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    if (await rename(account.id, label)) onDone()
  }
  return (
    <form
      className="rename-form"
      onSubmit={(e) => void onSubmit(e)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onDone()
      }}
    >
      <label htmlFor={id}>Name for {fullHandle(account)}</label>
      <div className="inline-field">
        <input
          ref={inputRef}
          id={id}
          name="label"
          type="text"
          maxLength={80}
          value={label}
          onChange={(e) => setLabel(e.target.value)}
        />
        <button type="submit" className="primary">
          Save
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  )
}
