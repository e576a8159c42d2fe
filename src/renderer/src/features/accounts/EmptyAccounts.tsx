import { useId, useState, type FormEvent } from 'react'
import { serverDisplayName } from '@shared/server-names'
import { useAppStore } from '@renderer/store/context'

const names = (software: string[]) => software.map(serverDisplayName).join(', ')
const MASTODON_API = names([
  'mastodon',
  'pleroma',
  'akkoma',
  'gotosocial',
  'takahe',
  'friendica',
  'pixelfed',
  'hollo',
  'snac'
])
const MISSKEY_API = names(['misskey', 'sharkey'])

/**
 * The first screen: the three ways in. The server field itself (the look-up continues on the
 * add-account screen), then importing from toot or Mastodon.py and restoring an export, and one
 * line on what the active account is.
 */
export function EmptyAccounts({ onAdd }: { onAdd: () => void }) {
  const restart = useAppStore((s) => s.restartOnboarding)
  const navigate = useAppStore((s) => s.navigate)
  const discover = useAppStore((s) => s.discoverInstance)
  const showSettings = useAppStore((s) => s.showSettings)
  const [input, setInput] = useState('')
  const inputId = useId()
  const hintId = useId()

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    if (!input.trim()) return onAdd()
    restart(input.trim())
    navigate('onboarding')
    void discover()
  }

  return (
    <div className="empty-state" data-testid="empty-accounts">
      <h2>Add your first account</h2>
      <p>
        Any server that speaks the Mastodon client API ({MASTODON_API}…) or Misskey&rsquo;s (
        {MISSKEY_API}…). Fedivault keeps the sign-in safe on this computer.
      </p>
      <form className="empty-form" onSubmit={onSubmit}>
        <label htmlFor={inputId}>Server address or handle</label>
        <div className="inline-field">
          <input
            id={inputId}
            name="first-server"
            type="text"
            inputMode="url"
            spellCheck={false}
            autoCapitalize="none"
            placeholder="mastodon.social or @you@mastodon.social"
            aria-describedby={hintId}
            value={input}
            onChange={(e) => setInput(e.target.value)}
          />
          <button type="submit" className="primary">
            Look up
          </button>
        </div>
      </form>
      <p className="empty-links">
        <button type="button" className="link-button" onClick={() => showSettings('transfer')}>
          Import from toot or Mastodon.py…
        </button>
        <button type="button" className="link-button" onClick={() => showSettings('transfer')}>
          Restore from a Fedivault export…
        </button>
      </p>
      <p className="hint" id={hintId}>
        The first account you add becomes the active one: the account scripts and the tray use. You
        can switch at any time.
      </p>
    </div>
  )
}
