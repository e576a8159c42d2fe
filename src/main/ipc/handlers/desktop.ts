import type { Notice } from '@shared/domain/notice'
import type { SettingsDto } from '@shared/domain/settings'
import type { Handlers } from '../router'
import type { KeyringService } from '../../keyring/password-store'
import type { LoginItem } from '../../login-item/types'
import type { NotificationPreference } from '../../attention/notification-preference'
import { AppError } from './errors'

/** The desktop shell's own settings, as the shell (or the harness) implements them. */
export interface DesktopPorts {
  loginItem: LoginItem
  notifications: NotificationPreference
  /** Whether this system shows native notifications (the harness: no). */
  notificationsSupported: boolean
  /** Linux only: the keyring choice. */
  keyring?: KeyringService
  /** Relaunches the app; absent where it cannot (the harness). */
  restart?: () => void
  /** Said once the window is up (the keyring tried at this start still was not there). */
  notices?: Notice[]
}

type DesktopChannels =
  | 'desktop:setStartAtLogin'
  | 'desktop:setNotifications'
  | 'desktop:chooseKeyring'
  | 'desktop:restart'

/** The Settings fields and IPC handlers for start at login, notifications and the keyring. */
export function desktopSettings(ports: DesktopPorts) {
  const dto = (): Pick<SettingsDto, 'startup' | 'notifications' | 'keyring'> => {
    const keyring = ports.keyring?.info()
    return {
      startup: ports.loginItem.status(),
      notifications: {
        enabled: ports.notifications.enabled,
        supported: ports.notificationsSupported
      },
      ...(keyring ? { keyring } : {})
    }
  }

  const handlers = (
    settings: () => SettingsDto,
    announce: (settings: SettingsDto) => void
  ): Pick<Handlers, DesktopChannels> => {
    const changed = () => {
      const current = settings()
      announce(current)
      return current
    }
    return {
      'desktop:setStartAtLogin': ({ openAtLogin }) => {
        try {
          ports.loginItem.set(openAtLogin)
        } catch (error) {
          throw new AppError(
            'desktop_setting_failed',
            `Fedivault could not ${openAtLogin ? 'add itself to' : 'remove itself from'} the programs started at login: ${error instanceof Error ? error.message : String(error)}.`,
            'startup'
          )
        }
        return changed()
      },
      'desktop:setNotifications': ({ enabled }) => {
        ports.notifications.set(enabled)
        return changed()
      },
      'desktop:chooseKeyring': ({ backend }) => {
        if (!ports.keyring?.info()) {
          throw new AppError(
            'desktop_setting_failed',
            'Choosing a keyring only applies on Linux; this system’s keychain is used as it is.',
            'keyring'
          )
        }
        ports.keyring.choose(backend)
        return changed()
      },
      'desktop:restart': () => {
        if (!ports.restart) return { restarting: false }
        ports.restart()
        return { restarting: true }
      }
    }
  }
  return { dto, handlers }
}
