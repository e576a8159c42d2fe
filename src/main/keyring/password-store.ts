import { join } from 'node:path'
import { passwordStoreSchema, type KeyringInfo, type PasswordStore } from '@shared/domain/settings'
import { createJsonFileStore } from '../lifecycle/json-file-store'
import { systemClock, type Clock } from '../clock'

/**
 * The Linux keyring choice. Electron picks its keyring from XDG_CURRENT_DESKTOP/DESKTOP_SESSION
 * and falls back to `basic_text` on desktops it does not know (Sway, Hyprland, i3, niri…), even
 * with a Secret Service running (electron/electron#39789). `--password-store=…` overrides that,
 * but only when set before `app.ready`, so the choice lives in a small file of its own beside the
 * vault, read synchronously at start. The vault itself is never written for this.
 */

export const PASSWORD_STORE_FILE = 'password-store.json'

/** The values Electron accepts (`gnome`/`gnome-keyring` were removed in Electron 27). */
export const PASSWORD_STORE_LABELS: Record<PasswordStore, string> = {
  'gnome-libsecret': 'GNOME Keyring / Secret Service',
  kwallet5: 'KWallet 5',
  kwallet6: 'KWallet 6'
}

/** What the file holds: the backend to try, and what came of the last one that did not work. */
export interface PasswordStoreChoice {
  backend: PasswordStore | null
  failed?: { tried: PasswordStore; at: number }
}

export interface PasswordStoreFile {
  read(): PasswordStoreChoice
  write(choice: PasswordStoreChoice): void
}

/** The choice file in `dataDir`. Missing, unreadable or unknown content reads as "no choice". */
export function passwordStoreFile(dataDir: string): PasswordStoreFile {
  const store = createJsonFileStore<PasswordStoreChoice>(join(dataDir, PASSWORD_STORE_FILE))
  return {
    read() {
      const raw = store.load() as Partial<PasswordStoreChoice> | undefined
      const backend = passwordStoreSchema.safeParse(raw?.backend)
      const tried = passwordStoreSchema.safeParse(raw?.failed?.tried)
      return {
        backend: backend.success ? backend.data : null,
        ...(tried.success
          ? { failed: { tried: tried.data, at: Number(raw?.failed?.at) || 0 } }
          : {})
      }
    },
    write: (choice) => store.save(choice)
  }
}

/** A `--password-store` given on the command line (`--password-store=x` or `--password-store x`). */
export function commandLinePasswordStore(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg.startsWith('--password-store=')) return arg.slice('--password-store='.length)
    if (arg === '--password-store' && argv[i + 1] !== undefined) return argv[i + 1]!
  }
  return null
}

export interface PasswordStorePlan {
  /** The value to pass to `app.commandLine.appendSwitch('password-store', …)`, if any. */
  append: PasswordStore | null
  /** Where the switch in effect came from. */
  source: 'command-line' | 'saved' | 'default'
  commandLine: string | null
  saved: PasswordStoreChoice
}

/** Decided before `app.ready`: the command line wins; otherwise the saved choice, on Linux only. */
export function planPasswordStore(options: {
  platform: NodeJS.Platform
  argv: readonly string[]
  file: PasswordStoreFile
}): PasswordStorePlan {
  const saved: PasswordStoreChoice =
    options.platform === 'linux' ? options.file.read() : { backend: null }
  const commandLine = commandLinePasswordStore(options.argv)
  if (commandLine !== null) return { append: null, source: 'command-line', commandLine, saved }
  if (saved.backend) return { append: saved.backend, source: 'saved', commandLine, saved }
  return { append: null, source: 'default', commandLine, saved }
}

/** Unusable as a keyring: what Electron reports when it found none (or before ready). */
export const isNoKeyring = (backend: string) => backend === 'basic_text' || backend === 'unknown'

export interface KeyringServiceOptions {
  platform: NodeJS.Platform
  plan: PasswordStorePlan
  file: PasswordStoreFile
  env: Record<string, string | undefined>
  /** `safeStorage.getSelectedStorageBackend()`, asked after `ready`. */
  backend: () => string
  canRestart: boolean
  clock?: Clock
}

/**
 * After `ready`: checks whether the saved choice worked. If Electron still reports `basic_text`,
 * the choice is dropped (the next start is back to Electron's own detection) and the failure is
 * kept, named, for Settings. Then serves Settings → Storage.
 */
export class KeyringService {
  readonly #options: KeyringServiceOptions
  #choice: PasswordStoreChoice

  constructor(options: KeyringServiceOptions) {
    this.#options = options
    this.#choice = options.plan.saved
  }

  /** Call once after `ready`, before the vault opens. Returns the failure to announce, if any. */
  settle(): string | undefined {
    const { plan } = this.#options
    if (plan.source !== 'saved' || !plan.append) return undefined
    if (!isNoKeyring(this.#options.backend())) {
      if (this.#choice.failed) this.#save({ backend: plan.append })
      return undefined
    }
    this.#save({
      backend: null,
      failed: { tried: plan.append, at: (this.#options.clock ?? systemClock).now() }
    })
    return failureMessage(plan.append)
  }

  /** Saves the keyring to try at the next start; `null` goes back to Electron's detection. */
  choose(backend: PasswordStore | null): void {
    this.#save({ backend })
  }

  /** What Settings shows; undefined off Linux, where the OS keychain needs no choosing. */
  info(): KeyringInfo | undefined {
    const { platform, plan, env } = this.#options
    if (platform !== 'linux') return undefined
    const failed = this.#choice.failed
    return {
      desktop: {
        xdgCurrentDesktop: env.XDG_CURRENT_DESKTOP || null,
        desktopSession: env.DESKTOP_SESSION || null
      },
      choices: passwordStoreSchema.options.map((id) => ({ id, label: PASSWORD_STORE_LABELS[id] })),
      saved: this.#choice.backend,
      commandLine: plan.commandLine,
      applied: plan.commandLine ?? plan.append,
      ...(failed && !this.#choice.backend
        ? { failure: { tried: failed.tried, message: failureMessage(failed.tried) } }
        : {}),
      canRestart: this.#options.canRestart
    }
  }

  #save(choice: PasswordStoreChoice): void {
    this.#choice = choice
    this.#options.file.write(choice)
  }
}

export function failureMessage(tried: PasswordStore): string {
  return (
    `Fedivault restarted with ${PASSWORD_STORE_LABELS[tried]} (--password-store=${tried}), but ` +
    'Electron still found no keyring, so your sign-ins are still not protected. Fedivault is back ' +
    'to its own keyring detection. Check that the keyring is running and unlocked in this session, ' +
    'then try again or choose another one.'
  )
}
