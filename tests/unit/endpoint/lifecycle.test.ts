import { execFileSync } from 'node:child_process'
import net from 'node:net'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { RingAuditLog } from '../../../src/main/endpoint/audit-log'
import { ScriptAccessService } from '../../../src/main/endpoint/service'
import { authed, sampleSource, send } from './fixtures'
import { MemorySettingsStore } from '../../support/endpoint-doubles'

const dirs: string[] = []
const services: ScriptAccessService[] = []
afterEach(async () => {
  for (const service of services.splice(0)) await service.shutdown()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function makeService(settings = new MemorySettingsStore(), dataDir?: string) {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'fedivault-lifecycle-'))
  dirs.push(dir)
  const service = new ScriptAccessService({
    accounts: sampleSource(),
    settings,
    audit: new RingAuditLog(),
    dataDir: dir,
    version: '9.9.9',
    pid: 4242
  })
  services.push(service)
  return { service, settings, dir, file: join(dir, 'endpoint.json') }
}

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    socket.on('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.on('error', () => resolve(false))
  })
}

describe('ScriptAccessService lifecycle', () => {
  test('is off by default: restore() with default settings listens nowhere and writes no file', async () => {
    const { service, file } = makeService()
    expect(await service.restore()).toEqual({ enabled: false, running: false })
    expect(existsSync(file)).toBe(false)
    expect(service.secret()).toBeNull()
  })

  test('start() listens on 127.0.0.1, writes endpoint.json with mode 0600, and remembers it', async () => {
    const { service, settings, file } = makeService()
    const state = await service.start()
    expect(state).toEqual({
      enabled: true,
      running: true,
      url: `http://127.0.0.1:${state.port}`,
      port: expect.any(Number)
    })
    expect(settings.read()).toEqual({ enabled: true, port: null })
    const record = JSON.parse(readFileSync(file, 'utf8'))
    expect(record).toEqual({
      url: state.url,
      secret: service.secret(),
      pid: 4242,
      version: '9.9.9'
    })
    expect(Buffer.from(record.secret, 'base64url')).toHaveLength(32)
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600)
    const reply = await send(state.port!, { path: '/v1/token', headers: authed(record.secret) })
    expect(reply.status).toBe(200)
  })

  test('stop() removes the discovery file, closes the port, and remembers "off"', async () => {
    const { service, settings, file } = makeService()
    const { port } = await service.start()
    // A keep-alive connection must not hold the port open.
    const keepAlive = net.connect(port!, '127.0.0.1')
    await new Promise((resolve) => keepAlive.on('connect', resolve))
    expect(await service.stop()).toEqual({ enabled: false, running: false })
    expect(existsSync(file)).toBe(false)
    expect(await connects(port!)).toBe(false)
    expect(settings.read().enabled).toBe(false)
    expect(service.secret()).toBeNull()
    keepAlive.destroy()
  })

  test('shutdown() (app quit) closes everything but keeps script access on for the next launch', async () => {
    const settings = new MemorySettingsStore()
    const first = makeService(settings)
    const { port } = await first.service.start({ port: null })
    await first.service.shutdown()
    expect(existsSync(first.file)).toBe(false)
    expect(await connects(port!)).toBe(false)
    expect(settings.read().enabled).toBe(true)

    const second = makeService(settings, first.dir)
    const restored = await second.service.restore()
    expect(restored.running).toBe(true)
    expect(second.service.secret()).not.toBe(null)
    expect(JSON.parse(readFileSync(second.file, 'utf8')).secret).toBe(second.service.secret())
  })

  test('a fixed port from Settings is used and remembered; each start gets a new secret', async () => {
    const probe = net.createServer()
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    const free = (probe.address() as net.AddressInfo).port
    await new Promise((resolve) => probe.close(resolve))

    const { service, settings } = makeService()
    const first = await service.start({ port: free })
    expect(first.port).toBe(free)
    expect(settings.read()).toEqual({ enabled: true, port: free })
    const secret = service.secret()
    await service.stop()
    await service.start()
    expect(service.status().port).toBe(free)
    expect(service.secret()).not.toBe(secret)
  })

  test('start() while running on that port keeps the server and its secret', async () => {
    const { service } = makeService()
    const { port } = await service.start()
    const secret = service.secret()
    expect((await service.start()).port).toBe(port)
    expect(service.secret()).toBe(secret)
  })

  test('fails closed when the port is taken: nothing listens, no file, a readable error', async () => {
    const squatter = net.createServer()
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve))
    const taken = (squatter.address() as net.AddressInfo).port
    try {
      const { service, file } = makeService()
      const state = await service.start({ port: taken })
      expect(state).toEqual({
        enabled: true,
        running: false,
        error: expect.stringContaining(`Port ${taken}`)
      })
      expect(existsSync(file)).toBe(false)
      expect(service.secret()).toBeNull()
    } finally {
      await new Promise((resolve) => squatter.close(resolve))
    }
  })

  test('fails closed when endpoint.json cannot be written', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'fedivault-lifecycle-'))
    dirs.push(parent)
    const notADirectory = join(parent, 'file')
    writeFileSync(notADirectory, 'x')
    const { service } = makeService(new MemorySettingsStore(), notADirectory)
    const state = await service.start()
    expect(state.running).toBe(false)
    expect(state.error).toMatch(/endpoint\.json/)
    expect(service.secret()).toBeNull()
  })

  test('stop() leaves alone a discovery file that another server has since written', async () => {
    const { service, file } = makeService()
    await service.start()
    writeFileSync(
      file,
      JSON.stringify({ url: 'http://127.0.0.1:1', secret: 'other', pid: 1, version: 'x' })
    )
    await service.stop()
    expect(JSON.parse(readFileSync(file, 'utf8')).secret).toBe('other')
  })
})

describe('a process that exits without shutdown()', () => {
  test('still removes its endpoint.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fedivault-lifecycle-'))
    dirs.push(dir)
    const script = `
      import { existsSync } from 'node:fs'
      import { ScriptAccessService } from './src/main/endpoint/service.ts'
      import { RingAuditLog } from './src/main/endpoint/audit-log.ts'
      import { MemoryAccountSource, MemorySettingsStore } from './tests/support/endpoint-doubles.ts'
      const service = new ScriptAccessService({
        accounts: new MemoryAccountSource([], {}), settings: new MemorySettingsStore(),
        audit: new RingAuditLog(), dataDir: ${JSON.stringify(dir)}, version: 'x'
      })
      await service.start()
      console.log(existsSync(${JSON.stringify(join(dir, 'endpoint.json'))}))
      process.exit(0)
    `
    const root = join(import.meta.dirname, '../../..')
    const output = execFileSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: root,
        encoding: 'utf8'
      }
    )
    expect(output.trim()).toBe('true')
    expect(existsSync(join(dir, 'endpoint.json'))).toBe(false)
  })
})
