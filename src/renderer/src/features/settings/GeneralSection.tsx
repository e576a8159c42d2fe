import type { SettingsDto, Theme } from '@shared/domain/settings'
import { AsyncCheckbox } from '@renderer/components/AsyncCheckbox'
import { useAppStore } from '@renderer/store/context'

const THEMES: { value: Theme; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' }
]

/** Settings → General: the tray, the theme, and what this is. */
export function GeneralSection({ settings }: { settings: SettingsDto }) {
  const update = useAppStore((s) => s.updateSettings)
  const setTheme = useAppStore((s) => s.setTheme)
  const info = useAppStore((s) => s.info)
  const theme = settings.theme
  return (
    <>
      <section className="card" aria-labelledby="window-title" data-testid="general-section">
        <h2 id="window-title">Window and tray</h2>
        <AsyncCheckbox
          checked={settings.closeToTray}
          onChange={(closeToTray) => update({ closeToTray })}
        >
          Keep running in the tray when the window is closed
        </AsyncCheckbox>
      </section>
      <section className="card" aria-labelledby="theme-title">
        <h2 id="theme-title">Theme</h2>
        <fieldset className="segmented" data-testid="theme-choice">
          <legend className="visually-hidden">Theme</legend>
          {THEMES.map((t) => (
            <label key={t.value} className={theme === t.value ? 'selected' : undefined}>
              <input
                type="radio"
                name="theme"
                value={t.value}
                checked={theme === t.value}
                onChange={() => void setTheme(t.value)}
              />
              {t.label}
            </label>
          ))}
        </fieldset>
        <p className="hint">System follows your operating system&rsquo;s light or dark setting.</p>
      </section>
      <section className="card" aria-labelledby="about-title">
        <h2 id="about-title">About</h2>
        <p>
          {info?.name ?? 'Fedivault'} {info ? `${info.version} on ${info.platform}` : ''}
          {info?.harness ? ' (browser harness)' : ''}
        </p>
      </section>
    </>
  )
}
