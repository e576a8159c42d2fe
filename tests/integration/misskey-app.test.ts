import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { createMainApp, type MainApp } from '../../src/main/app/create-app'
import type { Channel, Request, Response } from '../../src/shared/ipc/contract'
import type { IpcResult } from '../../src/shared/ipc/result'
import { FileKeyCipher, openNodeDocumentStore } from '../../src/main/vault'
import { startSimulator, type Simulator } from '../sim'

/**
 * A Misskey account through the composition root, the way the renderer drives it over IPC: the
 * instance summary, the MiAuth browser flow on the same channels as OAuth, the profile, and the
 * removal that says where to revoke the token.
 */
let dataDir: string
let app: MainApp
let sim: Simulator
const ipcAnswers: string[] = []
const opened: string[] = []

async function call<C extends Channel>(channel: C, req?: Request<C>) {
  const result = (await app.dispatch(channel, req)) as IpcResult<Response<C>>
  ipcAnswers.push(JSON.stringify(result))
  return result
}

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'fedivault-misskey-'))
  sim = await startSimulator({ personality: 'misskey' })
  app = await createMainApp({
    name: 'Fedivault',
    version: '0.1.0',
    platform: process.platform,
    harness: true,
    dataDir,
    cipher: new FileKeyCipher(dataDir),
    store: openNodeDocumentStore(dataDir),
    openExternal: async (url) => void opened.push(url),
    writeClipboard: () => {},
    log: { info() {}, warn() {}, error() {} },
    reverifyIntervalMs: 0
  })
  app.events.ready()
})

afterEach(async () => {
  await app.close()
  await sim.close()
  rmSync(dataDir, { recursive: true, force: true })
  ipcAnswers.length = opened.length = 0
})

/** Plays the person: approves on the miauth page, and the browser follows the redirect home. */
async function approveInBrowser(url: string, username: string, password: string) {
  const { location } = await sim.approve(url, { username, password })
  expect(location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\?session=/)
  expect((await fetch(location!)).status).toBe(200)
}

describe('Misskey account through IPC', () => {
  test('summary, MiAuth sign-in on the browser channels, profile, removal with the revoke-it-there URL', async () => {
    const discovered = await call('instances:discover', { input: sim.url })
    expect(discovered).toMatchObject({
      ok: true,
      data: {
        software: 'misskey',
        version: '2025.7.0',
        api: 'misskey',
        signIn: {
          browser: { available: true, method: 'miauth' },
          password: { available: 'no' }
        },
        limits: { maxStatusLen: 3000 }
      }
    })
    if (!discovered.ok) return
    expect(discovered.data.signIn.browser.reason).toMatch(/approve the permissions/)
    expect(discovered.data.signIn.browser.permissions).toContain('write:notes')
    expect(discovered.data.signIn.password.reason).toMatch(/no password sign-in/)

    const refused = await call('signin:password', {
      input: sim.url,
      username: 'alice',
      password: 'correct horse'
    })
    expect(refused).toMatchObject({ ok: false, error: { code: 'unsupported_grant' } })

    const flow = await call('signin:startBrowser', { input: sim.url })
    expect(flow).toMatchObject({ ok: true, data: { method: 'miauth', pasteCode: false } })
    if (!flow.ok) return
    expect(flow.data.permissions).toContain('read:account')
    await call('signin:openBrowser', { flowId: flow.data.flowId })
    expect(opened).toEqual([flow.data.authorizationUrl])
    expect(new URL(opened[0]!).pathname).toMatch(/^\/miauth\//)
    const waiting = call('signin:awaitBrowser', { flowId: flow.data.flowId })
    await approveInBrowser(opened[0]!, 'alice', 'correct horse')
    const profile = await waiting
    expect(profile).toMatchObject({
      ok: true,
      data: {
        id: `alice@${sim.host}`,
        api: 'misskey',
        software: 'misskey',
        displayName: 'Alice :blobcat:',
        emojis: [{ shortcode: 'blobcat' }],
        active: true,
        status: 'ok'
      }
    })
    expect(sim.misskey.checks.filter((c) => c.answer === 'token')).toHaveLength(1)

    expect(await call('accounts:reverify', {})).toMatchObject({
      ok: true,
      data: { accounts: [{ status: 'ok', api: 'misskey' }] }
    })

    const removed = await call('accounts:remove', { id: `alice@${sim.host}` })
    expect(removed).toMatchObject({
      ok: true,
      data: {
        removed: true,
        token: { outcome: 'revoke_on_server', url: `${sim.url}/settings/apps` },
        state: { accounts: [] }
      }
    })

    // No token ever crossed IPC.
    const tokens = [...sim.misskey.sessions.values()].map((s) => s.token!).filter(Boolean)
    expect(tokens).toHaveLength(1)
    for (const text of ipcAnswers) expect(text).not.toContain(tokens[0])
  })
})
