import { ErrorPanel } from '@renderer/components/ErrorPanel'
import { Progress } from '@renderer/components/Progress'
import { useAppStore } from '@renderer/store/context'
import { AuditLogSection } from './AuditLogSection'
import { DesktopSection } from './DesktopSection'
import { ScriptAccessSection } from './ScriptAccessSection'
import { ScriptKeysSection } from './ScriptKeysSection'
import { StorageSection } from './StorageSection'
import { ExportSection } from '../transfer/ExportSection'
import { ImportSection } from '../transfer/ImportSection'

export function SettingsScreen() {
  const settings = useAppStore((s) => s.settings)
  const status = useAppStore((s) => s.settingsStatus)
  const error = useAppStore((s) => s.settingsError)
  const load = useAppStore((s) => s.loadSettings)
  const info = useAppStore((s) => s.info)
  return (
    <section className="screen" aria-labelledby="settings-title">
      <h1 id="settings-title" tabIndex={-1}>
        Settings
      </h1>
      <Progress text={status === 'loading' ? 'Loading settings…' : null} />
      {error && (
        <ErrorPanel error={error} fallbackTitle="Couldn't load the settings">
          <button type="button" onClick={() => void load()}>
            Try again
          </button>
        </ErrorPanel>
      )}
      {settings && (
        <>
          <StorageSection settings={settings} />
          <DesktopSection settings={settings} />
          <ScriptAccessSection settings={settings} />
          <ScriptKeysSection />
          <AuditLogSection enabled={settings.scriptAccess.enabled} />
          <ImportSection harness={info?.harness ?? false} />
          <ExportSection harness={info?.harness ?? false} />
        </>
      )}
      <section className="card" aria-labelledby="appearance-title">
        <h2 id="appearance-title">Appearance</h2>
        <p>The light or dark theme follows your operating system&rsquo;s setting.</p>
      </section>
      <section className="card" aria-labelledby="about-title">
        <h2 id="about-title">About</h2>
        <p>
          {info?.name ?? 'Fedivault'} {info ? `${info.version} on ${info.platform}` : ''}
          {info?.harness ? ' (browser harness)' : ''}
        </p>
      </section>
    </section>
  )
}
