import type { AuditEntry } from '@shared/domain/settings'
import type { ScriptKeyRegistry } from './registry'

interface AuditLog {
  append(entry: AuditEntry): void
  entries(): AuditEntry[]
}

/**
 * The endpoint's audit log with each key's entries also kept in that key's own trail. Same shape
 * as the log it wraps, so the endpoint records once and does not know about trails.
 */
export function withKeyTrails<T extends AuditLog>(log: T, keys: ScriptKeyRegistry): AuditLog {
  return {
    append(entry) {
      log.append(entry)
      if (entry.keyId !== undefined) keys.recordAudit(entry)
    },
    entries: () => log.entries()
  }
}
