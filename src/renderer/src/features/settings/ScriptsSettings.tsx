import { useEffect } from 'react'
import type { SettingsDto } from '@shared/domain/settings'
import { useAppStore } from '@renderer/store/context'
import { AuditLogSection } from './AuditLogSection'
import { ScriptAccessSection } from './ScriptAccessSection'
import { RunKeysSection } from './RunKeysSection'
import { ScriptKeysSection } from './ScriptKeysSection'

/** How often the open Scripts page asks main for the log and the keys' last use. */
const REFRESH_MS = 3_000

/**
 * Settings → Scripts: the switch, the address and secret, then — only while scripts may connect —
 * the keys and the log, which refresh themselves while this page is shown.
 */
export function ScriptsSettings({ settings }: { settings: SettingsDto }) {
  const enabled = settings.scriptAccess.enabled
  const loadLog = useAppStore((s) => s.loadAuditLog)
  const loadKeys = useAppStore((s) => s.loadScriptKeys)
  useEffect(() => {
    if (!enabled) return
    const timer = setInterval(() => {
      if (document.visibilityState !== 'visible') return
      void loadLog({ quiet: true })
      void loadKeys({ quiet: true })
    }, REFRESH_MS)
    return () => clearInterval(timer)
  }, [enabled, loadLog, loadKeys])
  return (
    <>
      <ScriptAccessSection settings={settings} />
      {enabled ? (
        <>
          <ScriptKeysSection />
          <RunKeysSection />
          <AuditLogSection enabled={enabled} />
        </>
      ) : (
        <p className="muted" data-testid="scripts-off-note">
          Script keys and the log of what scripts asked for appear here once script access is on.
        </p>
      )}
    </>
  )
}
