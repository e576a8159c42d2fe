import { type Logger } from '../../logging/logger'
import type { Notice } from '@shared/domain/notice'
import { mendStoredInstants } from './mend-instants'
import { upgradeDocument } from './migrations'
import { UnreadableStoreError, type DocumentStore } from '../ports'
import { emptyDocument, type VaultDocument } from './store-schema'

export interface OpenedDocument {
  document: VaultDocument
  /** Undefined when writable; otherwise why every change is refused. */
  readOnlyReason?: { code: 'store_from_newer_version' | 'store_read_only'; message: string }
  /** Things the person must be told (a store moved aside, a migration, a read-only store). */
  notices: Notice[]
}

/**
 * Reads the store and brings it to the current schema. Nothing is ever deleted: an unreadable
 * store is renamed to `vault.json.corrupt-<time>`, an old one is copied to `vault.json.v<n>-<time>`
 * before it is migrated, and a newer one is left exactly as it is.
 */
export function openDocument(store: DocumentStore, now: number, log: Logger): OpenedDocument {
  const stamp = fileStamp(now)
  let raw: unknown
  try {
    raw = store.read()
  } catch (error) {
    if (!(error instanceof UnreadableStoreError)) throw error
    return recoverFrom(store, `it is not valid JSON (${error.message})`, stamp, log)
  }

  const outcome = upgradeDocument(raw)
  switch (outcome.kind) {
    case 'empty':
      return { document: emptyDocument(), notices: [] }
    case 'current': {
      const { document, mended } = mendStoredInstants(outcome.document, now)
      if (mended.length) {
        store.write(document)
        log.info('mended sign-in dates in the future', { accounts: mended.length })
      }
      return { document, notices: [] }
    }
    case 'migrated': {
      const { document } = mendStoredInstants(outcome.document, now)
      const backup = store.backup(`v${outcome.fromVersion}-${stamp}`)
      store.write(document)
      log.info('migrated store', { from: outcome.fromVersion, backup })
      return {
        document,
        notices: [
          {
            level: 'info',
            code: 'store_migrated',
            message: `Your saved accounts were updated to a new format. The previous file is kept at ${backup}.`
          }
        ]
      }
    }
    case 'newer': {
      const message =
        `Your saved accounts were written by a newer version of Fedivault (format ${outcome.version}). ` +
        'They are shown read-only and will not be changed; update Fedivault to manage them.'
      log.warn('store from a newer version, opened read-only', { version: outcome.version })
      return {
        document: outcome.document ?? emptyDocument(),
        readOnlyReason: { code: 'store_from_newer_version', message },
        notices: [{ level: 'warning', code: 'store_from_newer_version', message }]
      }
    }
    case 'invalid':
      return recoverFrom(store, outcome.reason, stamp, log)
  }
}

function recoverFrom(
  store: DocumentStore,
  reason: string,
  stamp: string,
  log: Logger
): OpenedDocument {
  const backup = store.moveAside(`corrupt-${stamp}`)
  log.error('store unreadable, moved aside', { reason, backup })
  return {
    document: emptyDocument(),
    notices: [
      {
        level: 'error',
        code: 'store_recovered',
        message:
          `Your saved accounts could not be read (${reason}). The file was kept at ${backup} ` +
          'and Fedivault started with an empty account list; sign in again, or restore the file.'
      }
    ]
  }
}

/** 2026-05-01T12-00-00-000Z: sortable and valid on every file system. */
function fileStamp(now: number): string {
  return new Date(now).toISOString().replace(/[:.]/g, '-')
}
