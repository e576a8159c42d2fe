import type { ScriptKeyStorage, StoredScriptKey } from '../../src/main/script-keys'

/** Script keys held in memory, counting writes (the vault keeps them in its document). */
export function memoryKeyStorage(initial: StoredScriptKey[] = []): ScriptKeyStorage & {
  writes: number
} {
  const records = new Map(initial.map((r) => [r.id, structuredClone(r)]))
  return {
    writes: 0,
    all: () => [...records.values()].map((r) => structuredClone(r)),
    put(list) {
      this.writes++
      for (const r of list) records.set(r.id, structuredClone(r))
    }
  }
}
