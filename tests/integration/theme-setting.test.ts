import { rmSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { openIpcApp } from '../support/ipc-app'

/**
 * Settings → General → Theme: the window's System/Light/Dark choice is kept by main, over the
 * same IPC the renderer uses, and survives a restart.
 */
describe('theme setting', () => {
  test('defaults to the system, is saved, survives a restart, refuses an unknown value', async () => {
    const first = await openIpcApp()
    const dataDir = first.dataDir
    try {
      expect((await first.ok('settings:get')).theme).toBe('system')
      expect((await first.ok('settings:update', { theme: 'dark' })).theme).toBe('dark')
      // Another setting changed later leaves the theme alone.
      expect((await first.ok('settings:update', { closeToTray: false })).theme).toBe('dark')
      const bad = await first.call('settings:update', { theme: 'sepia' } as never)
      expect(bad.ok).toBe(false)
      await first.app.close()

      const again = await openIpcApp({ dataDir })
      expect((await again.ok('settings:get')).theme).toBe('dark')
      await again.app.close()
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
