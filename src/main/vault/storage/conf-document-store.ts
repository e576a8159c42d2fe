import Conf from 'conf'
import {
  chmodSync,
  copyFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync
} from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { UnreadableStoreError, type DocumentStore } from '../ports'

/** The conf / electron-store instance, reduced to what the vault touches. */
export interface ConfLike {
  readonly path: string
  store: Record<string, unknown>
}

export const VAULT_STORE_NAME = 'vault'

/**
 * Options shared by electron-store (the app) and conf (tests, harness, benchmark), so both
 * write the same file the same way: `<dir>/vault.json`, mode 0600, written atomically by conf
 * (temp file, fsync, rename), never cleared when unreadable (we move it aside instead), validated
 * by our zod schema rather than conf's JSON schema.
 */
export function vaultStoreOptions(dir: string) {
  return {
    cwd: dir,
    configName: VAULT_STORE_NAME,
    fileExtension: 'json',
    configFileMode: 0o600,
    clearInvalidConfig: false,
    accessPropertiesByDotNotation: false,
    watch: false,
    // Compact: a 1,000-account store is read at every start, and indentation is a third of it.
    serialize: (value: unknown) => JSON.stringify(value),
    deserialize: parseStoreText
  }
}

/**
 * conf turns `null` or `42` into `{}`, which would read as an empty vault and then be
 * overwritten; refusing anything but an object makes such a file "unreadable" instead.
 */
export function parseStoreText(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text)
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SyntaxError('the store is not a JSON object')
  }
  return value as Record<string, unknown>
}

export function vaultStorePath(dir: string): string {
  return join(dir, `${VAULT_STORE_NAME}.json`)
}

/**
 * A DocumentStore over conf. conf reads the file when constructed and throws on bad JSON, so it
 * is created on the first write, after any bad file has been moved aside.
 */
export class ConfDocumentStore implements DocumentStore {
  #conf: ConfLike | undefined

  /** `createConf` must use {@link vaultStoreOptions} for the same directory. */
  constructor(
    readonly location: string,
    private readonly createConf: () => ConfLike
  ) {
    removeStaleTempFiles(location)
  }

  /**
   * Read directly rather than through conf, whose constructor and `store` getter would each read
   * and parse the whole file again; conf is only needed once something is written.
   */
  read(): unknown {
    let text: string
    try {
      text = readFileSync(this.location, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
    try {
      return parseStoreText(text)
    } catch (error) {
      throw new UnreadableStoreError(error instanceof Error ? error.message : 'unreadable')
    }
  }

  write(document: unknown): void {
    this.#conf ??= this.createConf()
    this.#conf.store = document as Record<string, unknown>
  }

  moveAside(suffix: string): string {
    const target = `${this.location}.${suffix}`
    renameSync(this.location, target)
    return target
  }

  backup(suffix: string): string {
    const target = `${this.location}.${suffix}`
    copyFileSync(this.location, target)
    chmodSync(target, 0o600)
    return target
  }
}

/** A process killed mid-write leaves `vault.json.tmp-…` behind; the real file is intact. */
function removeStaleTempFiles(location: string): void {
  const dir = dirname(location)
  if (!existsSync(dir)) return
  const prefix = `${basename(location)}.tmp-`
  for (const name of readdirSync(dir)) {
    if (name.startsWith(prefix)) {
      try {
        unlinkSync(join(dir, name))
      } catch {
        // Another instance may be mid-write; a leftover temp file is harmless.
      }
    }
  }
}

/**
 * The vault's store outside Electron (tests, the browser harness, the benchmark): conf, the
 * engine inside electron-store, with exactly the options the app uses.
 */
export function openNodeDocumentStore(dataDir: string): ConfDocumentStore {
  return new ConfDocumentStore(
    vaultStorePath(dataDir),
    () => new Conf<Record<string, unknown>>(vaultStoreOptions(dataDir))
  )
}
