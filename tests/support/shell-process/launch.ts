import { fork, type ChildProcess } from 'node:child_process'
import { join, resolve } from 'node:path'
import type { DriverRequest, ShellSnapshot } from './protocol'

const ROOT = resolve(import.meta.dirname, '../../..')
const HERE = import.meta.dirname

export interface ShellProcess {
  child: ChildProcess
  /** Everything the app printed (its log goes to stdout/stderr as in Electron). */
  output(): string
  request<T = unknown>(request: DriverRequest): Promise<T>
  snapshot(): Promise<ShellSnapshot>
  /** Resolves when the process has ended: its exit code and the driver's last snapshot. */
  exited: Promise<{ code: number | null; snapshot?: ShellSnapshot }>
  kill(): void
}

/**
 * Runs the built main process (out/main/index.js) in a Node child with the fake `electron`
 * swapped in at module resolution, and the test driver loaded first.
 */
export function launchShell(options: {
  userData: string
  safeStorageKey: Buffer
  /** Command-line arguments after the script (as a login item or a person would pass them). */
  args?: string[]
  /** More environment (XDG_CONFIG_HOME, the driver's FEDIVAULT_SHELL_* knobs). */
  env?: Record<string, string>
}): ShellProcess {
  // The app sees a clean environment: no vitest markers, no dev-server URL.
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('VITEST') && k !== 'ELECTRON_RENDERER_URL') env[k] = v
  }
  const child = fork(join(ROOT, 'out/main/index.js'), options.args ?? [], {
    cwd: ROOT,
    execArgv: [
      '--import',
      'tsx',
      '--import',
      join(HERE, 'register.mjs'),
      '--import',
      join(HERE, 'driver.ts')
    ],
    env: {
      ...env,
      FEDIVAULT_SHELL_USER_DATA: options.userData,
      FEDIVAULT_SHELL_SAFE_STORAGE_KEY: options.safeStorageKey.toString('hex'),
      ...options.env
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc']
  })
  let output = ''
  child.stdout!.on('data', (c) => (output += c))
  child.stderr!.on('data', (c) => (output += c))

  let nextId = 1
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>()
  let lastSnapshot: ShellSnapshot | undefined
  child.on(
    'message',
    (m: {
      id?: number
      ok?: boolean
      value?: unknown
      error?: string
      type?: string
      snapshot?: ShellSnapshot
    }) => {
      if (m.type === 'exit') lastSnapshot = m.snapshot
      if (m.id === undefined) return
      const waiter = pending.get(m.id)
      pending.delete(m.id)
      if (m.ok) waiter?.resolve(m.value)
      else waiter?.reject(new Error(m.error))
    }
  )
  const exited = new Promise<{ code: number | null; snapshot?: ShellSnapshot }>((done) =>
    child.on('exit', (code) => {
      for (const waiter of pending.values()) {
        waiter.reject(new Error(`the shell process ended (code ${code}):\n${output}`))
      }
      done({ code, snapshot: lastSnapshot })
    })
  )
  const request = <T>(req: DriverRequest) =>
    new Promise<T>((resolve, reject) => {
      if (!child.connected) return reject(new Error(`the shell process is gone:\n${output}`))
      const id = nextId++
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
      child.send({ id, request: req })
    })
  return {
    child,
    output: () => output,
    request,
    snapshot: () => request<ShellSnapshot>({ op: 'snapshot' }),
    exited,
    kill: () => void child.kill()
  }
}

/**
 * Reads the shell's state until `ok` holds: the tests wait for a state, not for a time. The minute
 * is only a safety net on a loaded machine; on failure the shell's output says why.
 */
export async function untilShell<T>(
  shell: ShellProcess,
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  what = 'the expected state'
): Promise<T> {
  const deadline = Date.now() + 60_000
  for (;;) {
    const value = await read()
    if (ok(value)) return value
    if (Date.now() > deadline) throw new Error(`${what}: never happened\n${shell.output()}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}
