import type { StartupInfo } from '@shared/domain/settings'

/** "Start Fedivault when you log in", whatever the OS does underneath. */
export interface LoginItem {
  /** What the OS really has now (read back every time, never cached). */
  status(): StartupInfo
  set(openAtLogin: boolean): StartupInfo
}
