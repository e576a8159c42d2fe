import { useEffect, useRef } from 'react'
import type { CreatedScriptKey } from '@shared/domain/script-keys'
import { CopyButton } from '@renderer/components/CopyButton'
import { exampleCommand } from './key-text'

/**
 * The new key, shown this once. It lives only in the Settings screen's own state until "Done":
 * Fedivault keeps just its hash, so it cannot be shown again.
 */
export function KeyShownOnce({
  created,
  onDone
}: {
  created: CreatedScriptKey
  onDone: () => void
}) {
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  const example = exampleCommand(created.plaintext, created.key)
  return (
    <div className="key-once" data-testid="key-shown-once">
      <h3 ref={heading} tabIndex={-1}>
        Key &ldquo;{created.key.name}&rdquo; created
      </h3>
      <p className="warning" role="note">
        Copy it now: this is the only time Fedivault shows it. It keeps only a fingerprint of the
        key, so a lost key cannot be recovered; revoke it and create another.
      </p>
      <p>
        <code className="secret-value" data-testid="new-key-value">
          {created.plaintext}
        </code>
      </p>
      <div className="actions">
        <CopyButton
          text={created.plaintext}
          label="Copy key"
          failedText="Could not copy; select the key and copy it."
        />
      </div>
      <p>A script uses it like this:</p>
      <p>
        <code className="secret-value" data-testid="new-key-example">
          {example}
        </code>
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  )
}
