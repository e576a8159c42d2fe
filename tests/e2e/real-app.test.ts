import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { _electron, type ElectronApplication, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { channels } from '@shared/ipc/contract'

// Launches the built app in real Electron. The binary is not part of the npm package (it is
// downloaded on first `npm start`), so where it is absent these tests are reported as skipped with
// the reason; looking for it must never trigger that download.
const root = resolve(__dirname, '../..')

function electronBinary(): { path: string } | { reason: string } {
  const dir = join(root, 'node_modules/electron')
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) {
    return {
      reason:
        'no Electron binary: node_modules/electron/path.txt is missing (run `npm start` once with network access to download it)'
    }
  }
  const path = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
  if (!existsSync(path)) return { reason: `no Electron binary: ${path} does not exist` }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'no display for Electron (set DISPLAY, e.g. run under xvfb-run)' }
  }
  if (!existsSync(join(root, 'out/main/index.js'))) {
    return {
      reason: 'the app is not built (out/main/index.js missing): run `npx electron-vite build`'
    }
  }
  return { path }
}

const binary = electronBinary()
const skipReason = 'reason' in binary ? binary.reason : undefined
// The default reporter does not print skip notes; say it once so the reason is in every log.
if (skipReason) console.warn(`real-app tests skipped: ${skipReason}`)

let app: ElectronApplication | undefined
let page: Page
let profile: string

beforeAll(async () => {
  if (!('path' in binary)) return
  profile = mkdtempSync(join(tmpdir(), 'fedivault-real-app-'))
  app = await _electron.launch({
    executablePath: binary.path,
    args: [root, `--user-data-dir=${join(profile, 'user-data')}`],
    env: {
      ...process.env,
      // A fresh profile: no vault, no accounts, no saved window state from a developer's machine.
      HOME: profile,
      XDG_CONFIG_HOME: join(profile, 'config'),
      FEDIVAULT_E2E_PROBE: '1'
    }
  })
  page = await app.firstWindow()
  await page.waitForLoadState('domcontentloaded')
})

afterAll(async () => {
  await app?.close()
  if (profile) rmSync(profile, { recursive: true, force: true })
})

/** `{ namespace: [verbs] }` plus `on` and `ready`, derived from the IPC contract. */
function contractApiShape(): Record<string, string[] | 'function'> {
  const shape: Record<string, string[] | 'function'> = { on: 'function', ready: 'function' }
  for (const channel of channels) {
    const [ns, verb] = channel.split(':') as [string, string]
    const verbs = (shape[ns] ??= []) as string[]
    verbs.push(verb)
  }
  for (const value of Object.values(shape)) if (Array.isArray(value)) value.sort()
  return shape
}

describe('real app (Electron)', () => {
  test('the window runs with context isolation and the sandbox, and no Node in the page', async (ctx) => {
    if (skipReason) ctx.skip(skipReason)
    // getLastWebPreferences is not in Electron's typings but is what the window really runs with.
    const prefs = await app!.evaluate(({ BrowserWindow }) => {
      const contents = BrowserWindow.getAllWindows()[0]!.webContents as unknown as {
        getLastWebPreferences?: () => Record<string, unknown> | null
      }
      const p = contents.getLastWebPreferences?.()
      if (!p) return 'getLastWebPreferences is not available in this Electron version'
      return {
        contextIsolation: p.contextIsolation,
        sandbox: p.sandbox,
        nodeIntegration: p.nodeIntegration
      }
    })
    expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false })

    const globals = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>
      return {
        require: typeof w.require,
        process: typeof w.process,
        module: typeof w.module,
        Buffer: typeof w.Buffer,
        ipcRenderer: typeof w.ipcRenderer,
        electron: typeof w.electron
      }
    })
    expect(globals).toEqual({
      require: 'undefined',
      process: 'undefined',
      module: 'undefined',
      Buffer: 'undefined',
      ipcRenderer: 'undefined',
      electron: 'undefined'
    })
  })

  test("the preload exposes exactly the contract's verbs", async (ctx) => {
    if (skipReason) ctx.skip(skipReason)
    const shape = await page.evaluate(() => {
      const api = (window as unknown as { api: Record<string, unknown> }).api
      const out: Record<string, string[] | 'function'> = {}
      for (const key of Object.keys(api)) {
        const value = api[key]
        if (typeof value === 'function') out[key] = 'function'
        else {
          const group = value as Record<string, unknown>
          // Anything in a namespace that is not a function would be a leak, not a verb.
          out[key] = Object.keys(group)
            .map((verb) => (typeof group[verb] === 'function' ? verb : `${verb} (not a function)`))
            .sort()
        }
      }
      return out
    })
    expect(shape).toEqual(contractApiShape())
  })

  test('the tray exists with the expected menu for a fresh profile', async (ctx) => {
    if (skipReason) ctx.skip(skipReason)
    const tray = await app!.evaluate(() => {
      const probe = (globalThis as Record<string, unknown>).__fedivaultTrayProbe as
        | (() => {
            tooltip: string
            menu: Array<{ id?: string; type: string; label?: string; checked?: boolean }>
          })
        | undefined
      return probe ? probe() : null
    })
    expect(
      tray,
      'tray probe missing: src/main/index.ts must start TrayService and call exposeTrayProbe'
    ).not.toBeNull()
    expect(tray!.tooltip).toBe('Fedivault — no accounts')
    expect(tray!.menu.map((i) => (i.type === 'separator' ? '---' : `${i.id}:${i.label}`))).toEqual([
      'no-accounts:No accounts yet',
      '---',
      'add-account:Add account…',
      'open:Open Fedivault',
      '---',
      'script-access:Script access',
      '---',
      'quit:Quit Fedivault'
    ])
    expect(tray!.menu.find((i) => i.id === 'script-access')?.checked).toBe(false)
  })
})
