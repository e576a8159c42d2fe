import { app, Notification, safeStorage } from 'electron'
import type { NotificationContent } from '../attention/wording'
import {
  KeyringService,
  passwordStoreFile,
  planPasswordStore,
  type PasswordStorePlan
} from '../keyring/password-store'
import { HIDDEN_ARG, isHiddenStart } from '../login-item/hidden-start'
import { createLoginItem, type LoginItem } from '../login-item/login-item'

/**
 * The Linux keyring switch, from the choice saved beside the vault. Call before `app.ready`:
 * Electron reads `--password-store` only while it starts (a `--password-store` on the real
 * command line is left to Electron, and wins).
 */
export function applyPasswordStoreChoice(
  dataDir: string,
  argv: readonly string[] = process.argv,
  platform: NodeJS.Platform = process.platform
): PasswordStorePlan {
  const plan = planPasswordStore({ platform, argv, file: passwordStoreFile(dataDir) })
  if (plan.append) app.commandLine.appendSwitch('password-store', plan.append)
  return plan
}

/** After `ready`: what came of the switch, and the choice Settings shows and changes. */
export function createKeyringService(dataDir: string, plan: PasswordStorePlan): KeyringService {
  return new KeyringService({
    platform: process.platform,
    plan,
    file: passwordStoreFile(dataDir),
    env: process.env,
    backend: () => {
      // Linux settles on a backend the first time encryption is asked about.
      safeStorage.isEncryptionAvailable()
      return safeStorage.getSelectedStorageBackend()
    },
    canRestart: true
  })
}

/** Starts again in a new process (the keyring switch only applies there), with the window. */
export function restartApp(): void {
  app.relaunch({ args: process.argv.slice(1).filter((arg) => arg !== HIDDEN_ARG) })
  app.quit()
}

export function electronLoginItem(): LoginItem {
  return createLoginItem({
    platform: process.platform,
    port: app,
    env: process.env,
    home: app.getPath('home'),
    execPath: process.execPath,
    ...(app.isPackaged ? {} : { appPath: app.getAppPath() })
  })
}

/** Whether this start came from the login item: then only the tray comes up, no window. */
export function startedAtLogin(): boolean {
  return isHiddenStart({
    platform: process.platform,
    argv: process.argv,
    launch: () => app.getLoginItemSettings()
  })
}

export interface Notifier {
  supported: boolean
  notify(content: NotificationContent, onClick: () => void): void
}

export function electronNotifier(): Notifier {
  // Held until clicked or closed: a notification object that is garbage collected loses its
  // click handler while it still shows in the notification centre.
  const live = new Set<Notification>()
  return {
    supported: Notification.isSupported(),
    notify(content, onClick) {
      if (!Notification.isSupported()) return
      const notification = new Notification({ title: content.title, body: content.body })
      live.add(notification)
      notification.on('click', () => {
        live.delete(notification)
        onClick()
      })
      notification.on('close', () => live.delete(notification))
      notification.show()
    }
  }
}
