import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

// electron-builder's own modules, resolved the way the `electron-builder` CLI resolves them.
const root = resolve(__dirname, '../../..')
const requireFromBuilder = createRequire(
  createRequire(join(root, 'package.json')).resolve('electron-builder')
)
const { getConfig, validateConfiguration } = requireFromBuilder(
  'app-builder-lib/out/util/config/config'
) as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<Config>
  validateConfiguration(config: Config, debugLogger: unknown): Promise<void>
}
const { DebugLogger } = requireFromBuilder('builder-util') as {
  DebugLogger: new (enabled: boolean) => unknown
}
const { PlatformPackager } = requireFromBuilder('app-builder-lib') as {
  PlatformPackager: {
    prototype: { generateFuseConfig(fuses: unknown): Promise<Record<string, unknown>> }
  }
}
const fuses = requireFromBuilder('@electron/fuses') as {
  flipFuses(path: string, config: Record<string, unknown>): Promise<number>
  getCurrentFuseWire(path: string): Promise<Record<string, number | string>>
  FuseV1Options: Record<string, number>
}
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'

type Target = string | { target: string }
interface Config {
  appId?: string
  productName?: string
  asar?: boolean
  files?: unknown[]
  electronFuses?: Record<string, unknown>
  mac?: { target?: Target[]; icon?: string }
  win?: { target?: Target[]; icon?: string }
  linux?: { target?: Target[]; icon?: string }
  [key: string]: unknown
}

let config: Config
beforeAll(async () => {
  config = await getConfig(root, null, null)
})

const targets = (list: Target[] | undefined) =>
  (list ?? []).map((t) => (typeof t === 'string' ? t : t.target))

describe('electron-builder configuration', () => {
  test('is found and loaded by electron-builder itself, and passes its schema validation', async () => {
    expect(config.appId).toBe('app.fedivault.desktop')
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
  })

  test('the validation really runs: a misspelt option is rejected', async () => {
    const broken = { ...config, electronFuse: config.electronFuses }
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(
      /electronFuse/
    )
  })

  test('product, asar and the files that go into it', () => {
    expect(config.productName).toBe('Fedivault')
    expect(config.asar).toBe(true)
    // The loader normalises the list into file sets.
    expect(config.files).toEqual([{ filter: ['out/**', 'resources/**'] }])
  })

  test('targets: macOS dmg + zip, Windows nsis, Linux AppImage + deb', () => {
    expect(targets(config.mac?.target)).toEqual(['dmg', 'zip'])
    expect(targets(config.win?.target)).toEqual(['nsis'])
    expect(targets(config.linux?.target)).toEqual(['AppImage', 'deb'])
  })

  test('icons come from resources/ and exist', () => {
    for (const platform of [config.mac, config.win, config.linux]) {
      expect(platform?.icon).toBe('resources/icon.png')
      expect(() => readFileSync(join(root, platform!.icon!))).not.toThrow()
    }
  })

  test('fuses: exactly RunAsNode, NODE_OPTIONS and inspect off, asar-only and cookie encryption on', () => {
    expect(config.electronFuses).toStrictEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true
    })
  })

  test('npm run dist builds first, then packages', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>
      devDependencies: Record<string, string>
    }
    expect(pkg.scripts.dist).toBe('npm run build && electron-builder')
    expect(pkg.devDependencies['electron-builder']).toMatch(/^\^?26\./)
  })
})

describe('fuses as electron-builder writes them into a binary', () => {
  // A stand-in for the Electron executable: just the fuse wire @electron/fuses looks for, set to
  // Electron's defaults (RunAsNode, NODE_OPTIONS, inspect, file:// privileges and wasm trap
  // handlers on; cookie encryption, asar integrity, asar-only and the V8 snapshot off).
  const defaults = '101100011'
  let dir: string
  let binary: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fedivault-fuses-'))
    binary = join(dir, 'fedivault')
    writeFileSync(
      binary,
      Buffer.concat([
        Buffer.alloc(256, 0xcc),
        Buffer.from(SENTINEL, 'ascii'),
        Buffer.from([1, defaults.length]),
        Buffer.from(defaults, 'ascii'),
        Buffer.alloc(256, 0xcc)
      ])
    )
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  test('flipping with our configuration gives exactly the intended wire', async () => {
    const fuseConfig = await PlatformPackager.prototype.generateFuseConfig(config.electronFuses)
    expect(await fuses.flipFuses(binary, fuseConfig)).toBe(1)
    const wire = await fuses.getCurrentFuseWire(binary)
    const state = (name: string) => String.fromCharCode(wire[fuses.FuseV1Options[name]!] as number)
    expect({
      RunAsNode: state('RunAsNode'),
      EnableNodeOptionsEnvironmentVariable: state('EnableNodeOptionsEnvironmentVariable'),
      EnableNodeCliInspectArguments: state('EnableNodeCliInspectArguments'),
      OnlyLoadAppFromAsar: state('OnlyLoadAppFromAsar'),
      EnableCookieEncryption: state('EnableCookieEncryption'),
      // Not configured: left as Electron ships them.
      EnableEmbeddedAsarIntegrityValidation: state('EnableEmbeddedAsarIntegrityValidation'),
      GrantFileProtocolExtraPrivileges: state('GrantFileProtocolExtraPrivileges')
    }).toEqual({
      RunAsNode: '0',
      EnableNodeOptionsEnvironmentVariable: '0',
      EnableNodeCliInspectArguments: '0',
      OnlyLoadAppFromAsar: '1',
      EnableCookieEncryption: '1',
      EnableEmbeddedAsarIntegrityValidation: '0',
      GrantFileProtocolExtraPrivileges: '1'
    })
  })
})
