import { beforeEach, describe, expect, test } from 'vitest'
import { electronFileDialogs } from '../../../src/main/platform/file-dialogs'
import { BrowserWindow, fake, resetFakeElectron } from '../../support/fake-electron'

/**
 * The import/export dialogs as the shell gives them to the transfer service: what Electron is
 * asked to show, and how its answers (picked, cancelled) come back.
 */

beforeEach(() => resetFakeElectron())

const filters = [{ name: 'toot configuration', extensions: ['json'] }]

describe('electronFileDialogs', () => {
  test('open: one file, attached to the window; the picked path comes back', async () => {
    const window = new BrowserWindow()
    const dialogs = electronFileDialogs(() => window as never)
    fake.dialogPicks.push(['/home/alice/.config/toot/config.json'])
    const picked = await dialogs.openFiles({
      title: 'Import from toot',
      defaultPath: '/home/alice/.config/toot',
      multiple: false,
      filters
    })
    expect(picked).toEqual(['/home/alice/.config/toot/config.json'])
    expect(fake.dialogs).toEqual([
      {
        kind: 'open',
        parent: true,
        options: {
          title: 'Import from toot',
          defaultPath: '/home/alice/.config/toot',
          filters,
          properties: ['openFile']
        }
      }
    ])
  })

  test('open several: multiSelections; cancelled gives no paths', async () => {
    const dialogs = electronFileDialogs(() => null)
    fake.dialogPicks.push(['/a.secret', '/b.secret'], null)
    const options = { title: 'Import', multiple: true, filters }
    expect(await dialogs.openFiles(options)).toEqual(['/a.secret', '/b.secret'])
    expect(await dialogs.openFiles(options)).toEqual([])
    expect(fake.dialogs.map((d) => [d.parent, d.options.properties])).toEqual([
      [false, ['openFile', 'multiSelections']],
      [false, ['openFile', 'multiSelections']]
    ])
  })

  test('save: the chosen path, or null when cancelled', async () => {
    const window = new BrowserWindow()
    const dialogs = electronFileDialogs(() => window as never)
    fake.dialogPicks.push(['/home/alice/fedivault.export'])
    const options = { title: 'Export accounts', defaultPath: 'fedivault.export', filters }
    expect(await dialogs.saveFile(options)).toBe('/home/alice/fedivault.export')
    expect(await dialogs.saveFile(options)).toBeNull()
    expect(fake.dialogs).toEqual([
      { kind: 'save', parent: true, options },
      { kind: 'save', parent: true, options }
    ])
  })
})
