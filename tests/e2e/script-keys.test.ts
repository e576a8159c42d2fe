import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { checkScreen } from './support/app-page'
import { startAppStack, type AppStack } from './support/stack'

/**
 * Settings → Script keys in Chromium against the real services: a person creates a read-only key
 * for one account, sees it once (copy button, example), a script uses it against the simulator,
 * and revoking it in the page refuses the script's next request.
 */

let stack: AppStack
let handle: string

beforeAll(async () => {
  stack = await startAppStack({ name: 'script-keys', personality: 'mastodon-4.3' })
  // The account is signed in through main directly: the sign-in screens have their own tests.
  const signedIn = await stack.harness.app.dispatch('signin:password', {
    input: stack.sim.url,
    username: 'alice@example.test',
    password: 'correct horse'
  })
  if (!signedIn.ok) throw new Error(signedIn.error.message)
  handle = (signedIn.data as { id: string }).id
})

afterAll(async () => {
  await stack?.close()
})

async function call(port: number, path: string, key: string, method = 'GET') {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}` }
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

describe('script keys (real services, Chromium)', () => {
  test('create a read-only key for one account, use it, revoke it', async () => {
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
    const port = Number(await page.getByTestId('script-port').textContent())
    const keys = page.getByTestId('script-keys')
    await keys.getByText('No keys yet.').waitFor()

    await keys.getByRole('button', { name: 'New key' }).click()
    const form = page.getByTestId('new-key-form')
    await form.getByRole('button', { name: 'Create key' }).click()
    await form.getByText('Give the key a name').waitFor()
    await form.getByLabel('Name').fill('notification bot')
    await form.getByRole('radio', { name: 'Only these accounts:' }).check()
    await form.getByRole('checkbox', { name: handle }).check()
    expect(
      await form.getByRole('radio', { name: /Read only, through Fedivault/ }).isChecked()
    ).toBe(true)
    await form.getByLabel('Expires').selectOption({ label: 'In 30 days' })
    expect(await checkScreen(page, 'keys-01-new-key-form')).toEqual([])
    await form.getByRole('button', { name: 'Create key' }).click()

    const shown = page.getByTestId('key-shown-once')
    await shown.waitFor()
    const key = (await page.getByTestId('new-key-value').textContent())!.trim()
    expect(key).toMatch(/^fvk_[A-Za-z0-9_-]{43}$/)
    expect(await page.getByTestId('new-key-example').textContent()).toBe(
      `FEDIVAULT_KEY=${key} fedivault api --account ${handle} GET /api/v1/notifications`
    )
    await shown.getByRole('button', { name: 'Copy key' }).click()
    await shown.getByText('Copied.').waitFor()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key)
    expect(await checkScreen(page, 'keys-02-key-shown-once')).toEqual([])

    // A script with the key: reads go through, a write and the token are refused.
    stack.sim.resetStats()
    const read = await call(port, `/v1/proxy/${handle}/api/v1/accounts/verify_credentials`, key)
    expect(read).toMatchObject({ status: 200, body: { username: 'alice' } })
    const post = await call(port, `/v1/proxy/${handle}/api/v1/statuses`, key, 'POST')
    expect(post).toMatchObject({ status: 403, body: { error: 'key_scope' } })
    expect((await call(port, '/v1/token', key)).status).toBe(403)
    expect(stack.sim.stats.log.map((e) => e.method)).toEqual(['GET'])

    // Done: the key leaves the page for good; the list shows what it is and that it was used.
    await shown.getByRole('button', { name: 'Done' }).click()
    await shown.waitFor({ state: 'detached' })
    expect(await page.content()).not.toContain(key.slice(4))
    // The list refreshes itself while the page is open: the last use shows up.
    const row = page.getByTestId('script-key-notification bot')
    await expect.poll(() => row.locator('td').nth(2).textContent()).not.toBe('Never')
    expect(await row.locator('td').nth(0).textContent()).toBe(handle)
    expect(await row.locator('td').nth(1).textContent()).toBe('Read only, through Fedivault')
    expect(await row.locator('td').nth(3).textContent()).not.toBe('Never')

    await row.getByRole('button', { name: 'Revoke notification bot' }).click()
    await row.getByRole('button', { name: 'Revoke now notification bot' }).click()
    await row.getByText('Revoked').waitFor()
    expect(await call(port, '/v1/accounts', key)).toMatchObject({
      status: 401,
      body: { error: 'key_revoked' }
    })
    expect(await checkScreen(page, 'keys-03-revoked')).toEqual([])
    expect(stack.app.problems).toEqual([])
  })
})
