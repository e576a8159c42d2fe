import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMainApp, type MainApp, type Platform } from '../../src/main/composition/create-app'
import { openNodeDocumentStore } from '../../src/main/vault'
import type { Channel, Request, Response } from '@shared/ipc/contract'
import type { IpcResult } from '@shared/ipc/result'
import type { Simulator } from '../sim'
import { FileKeyCipher } from '../../src/harness/file-key-cipher'

/**
 * The composition root on a data directory, called through the same dispatch the renderer's IPC
 * reaches: real engine, real vault on disk (file-key cipher), real endpoint. What left main is
 * kept, so a test can show where a secret went and where it did not.
 */
export interface IpcApp {
  app: MainApp
  dataDir: string
  /** Every IPC answer as JSON, with its channel. */
  answers: { channel: string; text: string }[]
  /** Every pushed event: `<event> <payload JSON>`. */
  events: string[]
  /** Every log line: `<level> <scope>: <message> <fields JSON>`. */
  logs: string[]
  /** URLs handed to the system browser. */
  opened: string[]
  /** Texts written to the clipboard. */
  clipboard: string[]
  call<C extends Channel>(channel: C, request?: Request<C>): Promise<IpcResult<Response<C>>>
  /** The answer's data; throws with the error's code and message when there is none. */
  ok<C extends Channel>(channel: C, request?: Request<C>): Promise<Response<C>>
  /** Closes the app, and removes the data directory when it was made here. */
  close(): Promise<void>
}

/** Starts the app on `dataDir` (a restart), or on a fresh temporary directory. */
export async function openIpcApp(
  options: { dataDir?: string; desktop?: Platform['desktop'] } = {}
): Promise<IpcApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'fedivault-app-'))
  const answers: IpcApp['answers'] = []
  const events: string[] = []
  const logs: string[] = []
  const opened: string[] = []
  const clipboard: string[] = []
  const app = await createMainApp({
    name: 'Fedivault',
    version: '0.1.0',
    os: process.platform,
    harness: true,
    dataDir,
    cipher: new FileKeyCipher(dataDir),
    store: openNodeDocumentStore(dataDir),
    openExternal: async (url) => void opened.push(url),
    writeClipboard: (text) => void clipboard.push(text),
    logSink: (level, scope, message, fields) =>
      void logs.push(`${level} ${scope}: ${message} ${JSON.stringify(fields ?? {})}`),
    reverifyIntervalMs: 0,
    ...(options.desktop ? { desktop: options.desktop } : {})
  })
  app.events.attach((event, payload) => events.push(`${event} ${JSON.stringify(payload)}`))
  app.events.ready()

  const call = async <C extends Channel>(channel: C, request?: Request<C>) => {
    const result = (await app.dispatch(channel, request)) as IpcResult<Response<C>>
    answers.push({ channel, text: JSON.stringify(result) })
    return result
  }
  return {
    app,
    dataDir,
    answers,
    events,
    logs,
    opened,
    clipboard,
    call,
    async ok(channel, request) {
      const result = await call(channel, request)
      if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`)
      return result.data
    },
    async close() {
      await app.close()
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

/**
 * Plays the person in the browser: approves on the server's page, then follows the redirect to
 * the app's loopback listener. Returns where the redirect went and what the listener answered.
 */
export async function approveInBrowser(
  sim: Simulator,
  authorizationUrl: string,
  login: { username: string; password: string }
): Promise<{ location: string; status: number }> {
  const { location } = await sim.approve(authorizationUrl, login)
  if (!location) throw new Error(`the server did not redirect back to the app (${sim.url})`)
  const page = await fetch(location)
  await page.arrayBuffer()
  return { location, status: page.status }
}
