import { useId, useState } from 'react'
import type { KeyringInfo, PasswordStore, SettingsDto } from '@shared/domain/settings'
import { AsyncCheckbox } from '@renderer/components/AsyncCheckbox'
import { useAppStore } from '@renderer/store/context'

/**
 * Settings → General: start at login (what the OS really has, read back) and the notification
 * when an account needs sign-in.
 */
export function DesktopSection({ settings }: { settings: SettingsDto }) {
  const setStartAtLogin = useAppStore((s) => s.setStartAtLogin)
  const setNotifications = useAppStore((s) => s.setNotifications)
  const id = useId()
  const { startup, notifications } = settings
  return (
    <>
      <section className="card" aria-labelledby={`${id}-title`} data-testid="desktop-section">
        <h2 id={`${id}-title`}>Running in the background</h2>
        {startup && (
          <>
            {startup.available ? (
              <AsyncCheckbox
                checked={startup.openAtLogin}
                onChange={setStartAtLogin}
                describedBy={`${id}-startup`}
              >
                Start Fedivault when you log in
              </AsyncCheckbox>
            ) : null}
            <p id={`${id}-startup`} className="hint" data-testid="startup-detail">
              {startupText(startup)}
            </p>
          </>
        )}
        {notifications && (
          <>
            <AsyncCheckbox
              checked={notifications.enabled}
              onChange={setNotifications}
              describedBy={`${id}-notify`}
            >
              Notify me when an account needs to sign in again
            </AsyncCheckbox>
            <p id={`${id}-notify`} className="hint">
              {notifications.supported
                ? 'One notification when an account stops working, not one per script request.'
                : 'This system shows no notifications; the tray icon still changes.'}
            </p>
          </>
        )}
      </section>
    </>
  )
}

/**
 * Settings → Security, below where sign-ins are kept: on Linux when Electron found no keyring (or
 * one was chosen), which keyring to ask for at the next start.
 */
export function KeyringChoice({ settings }: { settings: SettingsDto }) {
  const { keyring } = settings
  const show =
    keyring !== undefined &&
    (!settings.storage.protectedByOs ||
      keyring.saved !== null ||
      keyring.applied !== null ||
      keyring.failure !== undefined)
  return show && keyring ? (
    <KeyringSection keyring={keyring} found={settings.storage.protectedByOs} />
  ) : null
}

function startupText(startup: NonNullable<SettingsDto['startup']>): string {
  if (!startup.available) return startup.detail ?? 'Starting at login is not available here.'
  if (startup.foreign) {
    return `${startup.detail ?? 'An entry'} was not written by Fedivault, so it is left as it is. Remove it yourself to change this.`
  }
  const where =
    startup.mechanism === 'xdg-autostart'
      ? ` Kept in ${startup.detail ?? 'your autostart folder'}.`
      : startup.detail
        ? ` ${startup.detail}`
        : ''
  return `Fedivault then starts in the tray, without a window, so scripts can reach it.${where}`
}

function KeyringSection({ keyring, found }: { keyring: KeyringInfo; found: boolean }) {
  const save = useAppStore((s) => s.chooseKeyring)
  const restart = useAppStore((s) => s.restartApp)
  const id = useId()
  // The pressed radio stays pressed while main saves it (a controlled radio would spring back
  // until the answer, which reads as an ignored click); the saved value takes over after.
  const [picked, setPicked] = useState<PasswordStore | null | undefined>(undefined)
  const shown = picked !== undefined ? picked : keyring.saved
  const choose = async (backend: PasswordStore | null) => {
    setPicked(backend)
    try {
      await save(backend)
    } finally {
      setPicked(undefined)
    }
  }
  const desktop =
    [keyring.desktop.xdgCurrentDesktop, keyring.desktop.desktopSession]
      .filter((v, i, all): v is string => v !== null && all.indexOf(v) === i)
      .join(', ') || 'no desktop name'
  // Something chosen that this start does not run with: only a restart applies it.
  const pending =
    keyring.saved !== null && keyring.saved !== keyring.applied && keyring.commandLine === null
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="keyring-choice">
      <h2 id={`${id}-title`}>Which keyring to use</h2>
      {keyring.failure && (
        <p className="warning" role="alert" data-testid="keyring-failure">
          {keyring.failure.message}
        </p>
      )}
      {found ? (
        <p>
          {keyring.applied ? (
            <>
              Your sign-ins are protected by the keyring this start asked for (
              <code>--password-store={keyring.applied}</code>).
            </>
          ) : (
            'Electron found a keyring by itself at this start.'
          )}
        </p>
      ) : (
        <p>
          Electron chose its keyring from your desktop (<code>{desktop}</code>) and found none. If
          GNOME Keyring, KeePassXC or KWallet runs in this session, name it here; it is tried from
          the next start. The choice is kept in a small file beside the vault, never in it.
        </p>
      )}
      {keyring.commandLine !== null && (
        <p className="hint">
          This start was given <code>--password-store={keyring.commandLine}</code> on the command
          line, which wins over the choice here.
        </p>
      )}
      <fieldset className="choices">
        <legend>Keyring for the next start</legend>
        <label className="check">
          <input
            type="radio"
            name={`${id}-keyring`}
            checked={shown === null}
            onChange={() => void choose(null)}
          />
          Let Electron find it (the default)
        </label>
        {keyring.choices.map((choice) => (
          <label className="check" key={choice.id}>
            <input
              type="radio"
              name={`${id}-keyring`}
              checked={shown === choice.id}
              onChange={() => void choose(choice.id)}
            />
            Use {choice.label} <code>--password-store={choice.id}</code>
          </label>
        ))}
      </fieldset>
      {pending && (
        <div className="actions">
          {keyring.canRestart ? (
            <button type="button" className="primary" onClick={() => void restart()}>
              Restart Fedivault now
            </button>
          ) : (
            <p className="hint">Quit Fedivault and start it again for this to take effect.</p>
          )}
        </div>
      )}
    </section>
  )
}
