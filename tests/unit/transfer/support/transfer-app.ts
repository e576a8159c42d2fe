import { openIpcApp, type IpcApp } from '../../../support/ipc-app'

/**
 * The composition root on a fresh data directory, called through the same dispatch the renderer
 * reaches (tests/support/ipc-app). `transcript` is everything that left main or was logged, so a
 * test can show that no token did.
 */
export interface TransferApp extends IpcApp {
  /** Every IPC answer, pushed event and log line, one string each. */
  readonly transcript: string[]
}

export async function startTransferApp(dataDir?: string): Promise<TransferApp> {
  const t = await openIpcApp({ dataDir })
  return Object.defineProperty(t, 'transcript', {
    get: () => [...t.answers.map((a) => a.text), ...t.events, ...t.logs]
  }) as TransferApp
}

/** Fails the test if any secret appears anywhere in the transcript. */
export function leakedSecrets(transcript: readonly string[], secrets: readonly string[]): string[] {
  return secrets.filter((s) => s.length > 0 && transcript.some((t) => t.includes(s)))
}
