import { useAppStore } from '@renderer/store/context'

/**
 * The window's footer: where script access and the keychain stand, each a way into its Settings
 * section, and the version.
 */
export function StatusBar() {
  const info = useAppStore((s) => s.info)
  const settings = useAppStore((s) => s.settings)
  const showSettings = useAppStore((s) => s.showSettings)
  const access = settings?.scriptAccess
  const storage = settings?.storage
  return (
    <footer className="app-footer">
      {settings && (
        <>
          <button
            type="button"
            className="footer-item"
            data-testid="footer-scripts"
            onClick={() => showSettings('scripts')}
          >
            Scripts:{' '}
            {access?.enabled
              ? access.running
                ? `on · ${access.url?.replace(/^https?:\/\//, '') ?? ''}`
                : 'on, not running'
              : 'off'}
          </button>
          <button
            type="button"
            className="footer-item"
            data-testid="footer-keychain"
            onClick={() => showSettings('security')}
          >
            Keychain: {storage?.protectedByOs ? 'protected' : 'not protected'}
          </button>
        </>
      )}
      <span className="footer-version" data-testid="version">
        {info ? `Version ${info.version}` : 'Loading…'}
      </span>
    </footer>
  )
}
