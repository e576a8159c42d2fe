import type { SettingsDto } from '@shared/domain/settings'
import { AsyncCheckbox } from '@renderer/components/AsyncCheckbox'
import { Badge } from '@renderer/components/Badge'
import { useAppStore } from '@renderer/store/context'
import { settingsSelectors } from '@renderer/store/selectors'

/** Where tokens live and whether the OS protects them, said plainly, with a warning when not. */
export function StorageSection({ settings }: { settings: SettingsDto }) {
  const update = useAppStore((s) => s.updateSettings)
  const { storage } = settings
  const warning = settingsSelectors.storageWarning(settings)
  return (
    <section className="card" aria-labelledby="storage-title" data-testid="storage-section">
      <h2 id="storage-title">Where your sign-ins are kept</h2>
      <dl className="facts">
        <div>
          <dt>Protection</dt>
          <dd>
            {storage.protectedByOs ? (
              <Badge tone="ok">Protected by the OS keychain</Badge>
            ) : (
              <Badge tone="danger">Not protected by the OS keychain</Badge>
            )}{' '}
            <span data-testid="storage-description">{storage.description}</span>
          </dd>
        </div>
        <div>
          <dt>Location</dt>
          <dd>
            <code>{storage.location}</code>
          </dd>
        </div>
      </dl>
      {warning && (
        <p className="warning" role="note" data-testid="storage-warning">
          {warning}
        </p>
      )}
      {!storage.protectedByOs && (
        <AsyncCheckbox
          checked={storage.plaintextOptIn}
          onChange={(allowPlaintextSecrets) => update({ allowPlaintextSecrets })}
        >
          Keep sign-ins without keychain protection (plaintext on disk)
        </AsyncCheckbox>
      )}
    </section>
  )
}
