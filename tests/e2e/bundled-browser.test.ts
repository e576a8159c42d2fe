import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { systemBrowserLocations } from '../support/test-browser/browser-choice'
import { findBundledPackage } from '../support/test-browser/bundled-chromium'
import { launchChromium, resolveTestBrowser, type LaunchedBrowser } from './support/browser'

// The fallback a fresh machine depends on, kept tested where a system browser exists too: with
// every system location reported missing and no CHROMIUM_PATH, the choice falls to the Chromium
// npm installed, which unpacks, starts with its own libraries and runs a page.
const root = new URL('../..', import.meta.url).pathname
const skipReason =
  process.platform !== 'linux' || process.arch !== 'x64'
    ? `the npm-shipped Chromium is Linux x64 only (this is ${process.platform} ${process.arch})`
    : !findBundledPackage(root)
      ? '@sparticuz/chromium is not installed (npm skipped the optional dev dependency)'
      : undefined
if (skipReason) console.warn(`bundled-browser test skipped: ${skipReason}`)

let server: Server
let launched: LaunchedBrowser | undefined

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html')
    res.end('<title>t</title><p id="out">static</p><script>out.textContent = 6 * 7</script>')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
})
afterAll(async () => {
  await launched?.close()
  await new Promise((resolve) => server.close(resolve))
})

/** Shared objects mapped by the browser processes this worker started. */
function mappedLibraries(executable: string): string[] {
  const libs = new Set<string>()
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const ppid = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]
      if (Number(ppid) !== process.pid || readlinkSync(`/proc/${pid}/exe`) !== executable) continue
      for (const line of readFileSync(`/proc/${pid}/maps`, 'utf8').split('\n')) {
        const path = line.split(/\s+/)[5]
        if (path?.endsWith('.so') || path?.includes('.so.')) libs.add(path)
      }
    } catch {
      // The process ended while we looked: nothing to read.
    }
  }
  return [...libs]
}

test('with no system browser, the npm-shipped Chromium is chosen and runs a page', async (ctx) => {
  if (skipReason) ctx.skip(skipReason)
  const system = new Set(systemBrowserLocations(process.platform, process.env))
  const env = { ...process.env, CHROMIUM_PATH: undefined, FEDIVAULT_TEST_BROWSER: undefined }
  const chosen = resolveTestBrowser({ env, exists: (p) => !system.has(p) && existsSync(p) })
  expect(chosen.origin).toMatch(
    /^the npm package @sparticuz\/chromium [\d.]+ \(no system browser found\)$/
  )
  expect(chosen.executablePath).toMatch(
    /node_modules\/\.cache\/fedivault-test-chromium\/[\d.]+\/chromium$/
  )

  launched = await launchChromium(chosen)
  expect(launched.browser.version()).toMatch(/^\d+\.\d+\.\d+\.\d+$/)
  const page = await launched.browser.newPage()
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)
  await expect.poll(() => page.locator('#out').textContent()).toBe('42')

  // NSS comes from the package, so a machine without libnss3 runs it too.
  const nss = mappedLibraries(chosen.executablePath).filter((p) => p.includes('libnss3'))
  expect(nss).toEqual([`${chosen.env.LD_LIBRARY_PATH}/libnss3.so`])
})
