import type { ReactNode } from 'react'
import { ErrorPanel } from '@renderer/components/ErrorPanel'
import { Progress } from '@renderer/components/Progress'
import { useAppStore } from '@renderer/store/context'
import type { SettingsSection } from '@renderer/store/types'
import { DesktopSection, KeyringChoice } from './DesktopSection'
import { GeneralSection } from './GeneralSection'
import { ScriptsSettings } from './ScriptsSettings'
import { StorageSection } from './StorageSection'
import { ExportSection } from '../transfer/ExportSection'
import { ImportSection } from '../transfer/ImportSection'

const SECTIONS: { id: SettingsSection; label: string }[] = [
  { id: 'general', label: 'General' },
  { id: 'security', label: 'Security' },
  { id: 'scripts', label: 'Scripts' },
  { id: 'transfer', label: 'Import & export' }
]

/**
 * Settings with a left navigation. A section added by another feature goes into its own
 * component and one line in the panel it belongs to below.
 */
export function SettingsScreen() {
  const settings = useAppStore((s) => s.settings)
  const status = useAppStore((s) => s.settingsStatus)
  const error = useAppStore((s) => s.settingsError)
  const load = useAppStore((s) => s.loadSettings)
  const info = useAppStore((s) => s.info)
  const section = useAppStore((s) => s.settingsSection)
  const show = useAppStore((s) => s.showSettings)
  const nativeFileDialogs = info?.capabilities.nativeFileDialogs ?? true

  const panels: Record<SettingsSection, (s: NonNullable<typeof settings>) => ReactNode> = {
    general: (s) => (
      <>
        <GeneralSection settings={s} />
        <DesktopSection settings={s} />
      </>
    ),
    security: (s) => (
      <>
        <StorageSection settings={s} />
        <KeyringChoice settings={s} />
      </>
    ),
    scripts: (s) => <ScriptsSettings settings={s} />,
    transfer: () => (
      <>
        <ImportSection nativeFileDialogs={nativeFileDialogs} />
        <ExportSection nativeFileDialogs={nativeFileDialogs} />
      </>
    )
  }
  const current = SECTIONS.find((s) => s.id === section)!

  return (
    <section className="screen" aria-labelledby="settings-title">
      <h1 id="settings-title" tabIndex={-1}>
        Settings
      </h1>
      <div className="settings-layout">
        <nav aria-label="Settings sections" className="settings-nav">
          <ul>
            {SECTIONS.map((s) => (
              <li key={s.id}>
                <button
                  type="button"
                  aria-current={s.id === section ? 'true' : undefined}
                  onClick={() => show(s.id)}
                >
                  {s.label}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <div
          className="settings-panel"
          role="region"
          aria-label={current.label}
          data-testid={`settings-${section}`}
        >
          <Progress text={status === 'loading' ? 'Loading settings…' : null} />
          {error && (
            <ErrorPanel error={error} fallbackTitle="Couldn't load the settings">
              <button type="button" onClick={() => void load()}>
                Try again
              </button>
            </ErrorPanel>
          )}
          {settings && panels[section](settings)}
        </div>
      </div>
    </section>
  )
}
