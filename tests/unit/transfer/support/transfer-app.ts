import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMainApp, type MainApp } from '../../../../src/main/app/create-app'
import { FileKeyCipher, openNodeDocumentStore } from '../../../../src/main/vault'
import type { Channel, Request, Response } from '@shared/ipc/contract'
import type { IpcResult } from '@shared/ipc/result'

/**
 * The composition root on a fresh data directory, called through the same dispatch the renderer
 * reaches. Every IPC answer, pushed event and log line is kept, so a test can show that no token
 * left main.
 */
export interface TransferApp {
  app: MainApp
  dataDir: string
  /** Everything that left main or was logged, one string per answer / event / line. */
  transcript: string[]
  call<C extends Channel>(channel: C, request?: Request<C>): Promise<IpcResult<Response<C>>>
  ok<C extends Channel>(channel: C, request?: Request<C>): Promise<Response<C>>
  close(): Promise<void>
}

export async function startTransferApp(dataDir?: string): Promise<TransferApp> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'fedivault-transfer-'))
  const transcript: string[] = []
  const line =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void =>
      void transcript.push(`[${level}] ${message} ${JSON.stringify(fields ?? {})}`)
  const app = await createMainApp({
    name: 'Fedivault',
    version: '0.1.0',
    os: process.platform,
    harness: true,
    dataDir: dir,
    cipher: new FileKeyCipher(dir),
    store: openNodeDocumentStore(dir),
    openExternal: async () => {},
    writeClipboard: () => {},
    logSink: (level, scope, message, fields) => line(level)(`${scope}: ${message}`, fields),
    reverifyIntervalMs: 0
  })
  app.events.attach((event, payload) => transcript.push(`${event} ${JSON.stringify(payload)}`))
  app.events.ready()
  const call = async <C extends Channel>(channel: C, request?: Request<C>) => {
    const result = (await app.dispatch(channel, request)) as IpcResult<Response<C>>
    transcript.push(JSON.stringify(result))
    return result
  }
  return {
    app,
    dataDir: dir,
    transcript,
    call,
    async ok(channel, request) {
      const result = await call(channel, request)
      if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`)
      return result.data
    },
    async close() {
      await app.close()
      if (!dataDir) rmSync(dir, { recursive: true, force: true })
    }
  }
}

/** Fails the test if any secret appears anywhere in the transcript. */
export function leakedSecrets(transcript: readonly string[], secrets: readonly string[]): string[] {
  return secrets.filter((s) => s.length > 0 && transcript.some((t) => t.includes(s)))
}
