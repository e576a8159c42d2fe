import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildCli, type BuiltCli } from '../support/built-cli'
import { checkScreen } from './support/app-page'
import { startAppStack, type AppStack } from './support/stack'

/**
 * Settings → Scripts lists the commands `fedivault run` is running, each with its temporary key,
 * apart from the named keys, in Chromium against the real services: the built CLI runs a
 * command that waits on its stdin; the line appears, and goes when the command ends or when the
 * person ends it in the page.
 */

let stack: AppStack
let cli: BuiltCli
const running: ChildProcessWithoutNullStreams[] = []

beforeAll(async () => {
  cli = await buildCli()
  stack = await startAppStack({ name: 'run-keys', personality: 'mastodon-4.3' })
  const signedIn = await stack.harness.app.dispatch('signin:password', {
    input: stack.sim.url,
    username: 'alice@example.test',
    password: 'correct horse'
  })
  if (!signedIn.ok) throw new Error(signedIn.error.message)
}, 60_000)

afterAll(async () => {
  for (const child of running) child.kill('SIGKILL')
  await stack?.close()
  cli?.remove()
})

/** `fedivault run -- sh -c 'read _'`: runs until a line arrives on its stdin. */
function startRun(): { child: ChildProcessWithoutNullStreams; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [cli.path, 'run', '--', 'sh', '-c', 'read _'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      FEDIVAULT_DATA_DIR: stack.dataDir
    }
  })
  running.push(child)
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, exited }
}

describe('run keys in Settings (real services, Chromium)', () => {
  test('a running command is listed as temporary, apart from named keys, and goes when it ends', async () => {
    const { page } = stack.app
    await page.reload()
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Settings' })
      .click()
    await page
      .getByRole('navigation', { name: 'Settings sections' })
      .getByRole('button', { name: 'Scripts' })
      .click()
    await page.getByRole('checkbox', { name: 'Allow script access' }).check()
    await page.getByTestId('script-port').waitFor({ timeout: 15_000 })
    const section = page.getByTestId('run-keys')
    await section.getByText('No command is running through Fedivault.').waitFor()

    // The command runs: its line appears (the page refreshes itself), named keys stay empty.
    const first = startRun()
    const line = section.getByTestId('run-key')
    await line.waitFor({ timeout: 30_000 })
    expect(await line.textContent()).toMatch(
      /^temporary — sh -c read _, started \d{1,2}[:.]\d\d.* · alice@.* · Read and write, through Fedivault/
    )
    await page.getByTestId('script-keys').getByText('No keys yet.').waitFor()
    expect(await checkScreen(page, 'run-keys-01-running')).toEqual([])

    // It ends on its own: the key is revoked and the line goes.
    first.child.stdin.end('\n')
    expect(await first.exited).toBe(0)
    await line.waitFor({ state: 'detached', timeout: 30_000 })

    // Ended from the page: its key is revoked at once, the line goes.
    const second = startRun()
    await line.waitFor({ timeout: 30_000 })
    await line.getByRole('button', { name: 'End now sh -c read _' }).click()
    await line.waitFor({ state: 'detached' })
    const listed = await stack.harness.app.dispatch('scriptKeys:list', undefined)
    if (!listed.ok) throw new Error(listed.error.message)
    const keys = (listed.data as { keys: Array<{ run?: unknown; state: string }> }).keys
    expect(keys.filter((k) => k.run).map((k) => k.state)).toEqual(['revoked', 'revoked'])
    second.child.stdin.end('\n')
    await second.exited
    expect(stack.app.problems).toEqual([])
  })
})
