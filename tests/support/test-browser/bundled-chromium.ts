import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliDecompressSync } from 'node:zlib'
import { untar } from './untar'

/**
 * The Chromium that npm installs for the browser tests: @sparticuz/chromium, a headless Chromium
 * for Linux x64 kept brotli-compressed inside the package. It unpacks into `os.tmpdir()` under
 * fixed names and reuses whatever it finds there, so we point its tmpdir at a fresh folder, add
 * the shared libraries the package carries (NSS, NSPR, expat: a bare Debian lacks them) and a
 * fontconfig file for its fonts, then move the finished folder into a cache named by version in
 * one rename, so a run never starts a half-unpacked or different browser.
 */

export interface BundledPackage {
  dir: string
  version: string
}

export interface UnpackedChromium {
  executablePath: string
  /** Added to the browser's environment: its own libraries and fonts, not the system's. */
  env: Record<string, string>
  cacheDir: string
}

const PACKAGE = '@sparticuz/chromium'

export function findBundledPackage(root: string): BundledPackage | null {
  const dir = join(root, 'node_modules', PACKAGE)
  const manifest = join(dir, 'package.json')
  if (!existsSync(manifest)) return null
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }
  return { dir, version }
}

export function unpackBundledChromium(root: string, pkg: BundledPackage): UnpackedChromium {
  const cacheRoot = join(root, 'node_modules', '.cache', 'fedivault-test-chromium')
  const cacheDir = join(cacheRoot, pkg.version)
  const unpacked: UnpackedChromium = {
    executablePath: join(cacheDir, 'chromium'),
    env: {
      LD_LIBRARY_PATH: join(cacheDir, 'lib'),
      FONTCONFIG_FILE: join(cacheDir, 'fonts.conf')
    },
    cacheDir
  }
  if (existsSync(cacheDir)) return unpacked

  const partial = join(cacheRoot, `${pkg.version}.partial-${process.pid}-${Date.now()}`)
  mkdirSync(partial, { recursive: true })
  try {
    // The package's own unpacking, in a child whose tmpdir is our folder.
    const script = `const c = (await import('${PACKAGE}')).default; process.stdout.write(await c.executablePath())`
    const path = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      env: { ...process.env, TMPDIR: partial },
      encoding: 'utf8'
    })
    if (path !== join(partial, 'chromium')) {
      throw new Error(`${PACKAGE} unpacked to ${path}, expected ${join(partial, 'chromium')}`)
    }
    // Amazon Linux's libraries, which the package only unpacks on Lambda; they run on any glibc.
    untar(brotliDecompressSync(readFileSync(join(pkg.dir, 'bin', 'al2023.tar.br'))), partial)
    writeFileSync(
      join(partial, 'fonts.conf'),
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n` +
        `  <dir>${join(cacheDir, 'fonts')}</dir>\n  <cachedir>${join(cacheDir, 'fonts-cache')}</cachedir>\n</fontconfig>\n`
    )
    try {
      renameSync(partial, cacheDir)
    } catch (error) {
      // Another run finished first: its copy is complete too.
      if (!existsSync(cacheDir)) throw error
    }
  } finally {
    rmSync(partial, { recursive: true, force: true })
  }
  return unpacked
}
