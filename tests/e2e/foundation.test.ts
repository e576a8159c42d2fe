import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import WebSocket from 'ws'
import { startHarness, type Harness } from '../../src/harness/harness'
import { launchChromium, screenshotPath, type LaunchedBrowser } from './support/browser'

let harness: Harness
let chromium: LaunchedBrowser
let dataDir: string

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'fedivault-e2e-'))
  harness = await startHarness({ dataDir, quiet: true })
  chromium = await launchChromium()
})
afterAll(async () => {
  await chromium?.close()
  await harness?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('harness', () => {
  test('the renderer loads in Chromium and calls a real service through the bridge', async () => {
    const page = await chromium.browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(harness.url)
    await expect.poll(() => page.getByTestId('version').textContent()).toBe('Version 0.1.0')
    // The secret is taken out of the address bar as soon as the bridge has read it.
    expect(page.url()).not.toContain(harness.secret)
    // Node and Electron stay out of the page; only the contract's verbs are there.
    const shape = await page.evaluate(() => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      namespaces: Object.keys(window.api).sort()
    }))
    expect(shape).toEqual({
      require: 'undefined',
      process: 'undefined',
      namespaces: [
        'accounts',
        'app',
        'desktop',
        'instances',
        'on',
        'ready',
        'scriptAccess',
        'scriptKeys',
        'settings',
        'signin',
        'transfer'
      ]
    })
    await page.screenshot({ path: screenshotPath('00-first-screen'), fullPage: true })
    expect(errors).toEqual([])
    await page.close()
  })

  function connect(headers: Record<string, string>, protocol: string): Promise<number | 'open'> {
    return new Promise((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${harness.port}/__harness/ws`, [protocol], {
        headers
      })
      ws.on('open', () => {
        ws.close()
        resolve('open')
      })
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
      ws.on('error', () => resolve(-1))
    })
  }

  test('the bridge accepts the right secret, Host and Origin', async () => {
    expect(await connect({ Origin: harness.origin }, `fedivault.${harness.secret}`)).toBe('open')
  })

  test('the bridge refuses a wrong secret', async () => {
    expect(await connect({ Origin: harness.origin }, 'fedivault.' + 'f'.repeat(64))).toBe(403)
  })

  test('the bridge refuses a foreign Origin', async () => {
    const status = await connect({ Origin: 'http://evil.example' }, `fedivault.${harness.secret}`)
    expect(status).toBe(403)
  })

  test('the bridge refuses a foreign Host (DNS rebinding)', async () => {
    const status = await connect(
      { Origin: `http://evil.example:${harness.port}`, Host: `evil.example:${harness.port}` },
      `fedivault.${harness.secret}`
    )
    expect(status).toBe(403)
  })

  test('the page itself is refused under a foreign Host', async () => {
    const status = await new Promise<number>((resolve) => {
      request(
        { host: '127.0.0.1', port: harness.port, path: '/', headers: { Host: 'evil.example' } },
        (res) => resolve(res.statusCode ?? 0)
      ).end()
    })
    expect(status).toBe(403)
  })
})
