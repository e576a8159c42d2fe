import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { AccountSummary, AccountsState } from '@shared/domain/account'
import { AttentionService } from '../../../src/main/attention/attention-service'
import { AttentionTracker } from '../../../src/main/attention/attention-tracker'
import {
  NOTIFICATIONS_FILE,
  NotificationPreference
} from '../../../src/main/attention/notification-preference'
import {
  attentionIconFile,
  reauthFromTray,
  trayIconFor
} from '../../../src/main/attention/tray-attention'
import {
  needsSignInNotification,
  type NotificationContent
} from '../../../src/main/attention/wording'
import type { TrayAction } from '../../../src/main/tray/tray-menu'
import { account } from '../tray/accounts'

const state = (...accounts: AccountSummary[]): AccountsState => ({
  accounts,
  activeAccountId: accounts[0]?.id ?? null
})
const alice = (status: AccountSummary['status'] = 'ok') =>
  account('alice@mastodon.social', { status })
const bob = (status: AccountSummary['status'] = 'ok') => account('bob@fosstodon.org', { status })

describe('AttentionTracker: one announcement per transition into needs sign-in', () => {
  test('accounts that already needed sign-in at start are counted, not announced', () => {
    const tracker = new AttentionTracker()
    expect(tracker.update(state(alice('needs_reauth'), bob()))).toEqual({ announce: [], count: 1 })
    // Still dead: nothing new.
    expect(tracker.update(state(alice('needs_reauth'), bob())).announce).toEqual([])
  })

  test('ok → needs sign-in is announced once, however often the state repeats', () => {
    const tracker = new AttentionTracker()
    tracker.update(state(alice(), bob()))
    const turned = tracker.update(state(alice('needs_reauth'), bob()))
    expect(turned.announce.map((a) => a.id)).toEqual(['alice@mastodon.social'])
    expect(turned.count).toBe(1)
    // A script hammering the dead token: the same state, over and over.
    for (let i = 0; i < 50; i++) {
      expect(tracker.update(state(alice('needs_reauth'), bob())).announce).toEqual([])
    }
  })

  test('offline in between is not a recovery; working again then failing again is', () => {
    const tracker = new AttentionTracker()
    tracker.update(state(alice()))
    expect(tracker.update(state(alice('needs_reauth'))).announce).toHaveLength(1)
    tracker.update(state(alice('offline')))
    expect(tracker.update(state(alice('needs_reauth'))).announce).toEqual([])
    tracker.update(state(alice()))
    expect(tracker.update(state(alice('needs_reauth'))).announce).toHaveLength(1)
  })

  test('two accounts turning at once are two announcements; the count follows', () => {
    const tracker = new AttentionTracker()
    tracker.update(state(alice(), bob()))
    const both = tracker.update(state(alice('needs_reauth'), bob('needs_reauth')))
    expect(both.announce.map((a) => a.id).sort()).toEqual([
      'alice@mastodon.social',
      'bob@fosstodon.org'
    ])
    expect(both.count).toBe(2)
    expect(tracker.update(state(alice(), bob('needs_reauth'))).count).toBe(1)
  })

  test('an account removed and added again starts afresh', () => {
    const tracker = new AttentionTracker()
    tracker.update(state(alice()))
    tracker.update(state(alice('needs_reauth')))
    tracker.update(state())
    // Added back (an import, say) already dead: new to the tracker, so not a transition it saw.
    expect(tracker.update(state(alice('needs_reauth'))).announce).toEqual([])
    tracker.update(state(alice()))
    expect(tracker.update(state(alice('needs_reauth'))).announce).toHaveLength(1)
  })
})

describe('AttentionService', () => {
  function recording(enabled = true) {
    const shown: Array<{ content: NotificationContent; click: () => void }> = []
    const opened: string[] = []
    const counts: number[] = []
    const service = new AttentionService({
      notify: (content, click) => shown.push({ content, click }),
      enabled: () => enabled,
      openSignIn: (id) => opened.push(id),
      onCount: (count) => counts.push(count)
    })
    return { service, shown, opened, counts, setEnabled: (on: boolean) => (enabled = on) }
  }

  test('notifies once per transition; a click opens that account’s sign-in again', () => {
    const { service, shown, opened, counts } = recording()
    service.update(state(alice(), bob()))
    service.update(state(alice(), bob('needs_reauth')))
    service.update(state(alice(), bob('needs_reauth')))
    expect(shown).toHaveLength(1)
    expect(shown[0]!.content.title).toContain('@bob@fosstodon.org')
    shown[0]!.click()
    expect(opened).toEqual(['bob@fosstodon.org'])
    expect(service.count).toBe(1)
    // The tray hears only changes of the count.
    expect(counts).toEqual([1])
  })

  test('with notifications off the count still follows, and turning them on announces nothing old', () => {
    const { service, shown, counts, setEnabled } = recording(false)
    service.update(state(alice()))
    service.update(state(alice('needs_reauth')))
    expect(shown).toEqual([])
    expect(counts).toEqual([1])
    setEnabled(true)
    service.update(state(alice('needs_reauth')))
    expect(shown).toEqual([])
    service.update(state(alice()))
    service.update(state(alice('needs_reauth')))
    expect(shown).toHaveLength(1)
    expect(counts).toEqual([1, 0, 1])
  })
})

describe('needsSignInNotification', () => {
  test('names the account and its server, never the server’s words', () => {
    const dead = account('alice@example.social', {
      status: 'needs_reauth',
      apiBaseUrl: 'https://social.example.net',
      statusReason: 'HTTP 401: {"error":"The access token was revoked","token":"abc123secret"}'
    })
    const content = needsSignInNotification(dead)
    expect(content.title).toBe('Sign in again to @alice@example.social')
    expect(content.body).toContain('social.example.net')
    const all = `${content.title} ${content.body}`
    expect(all).not.toContain('revoked')
    expect(all).not.toContain('abc123secret')
    expect(all).not.toContain('HTTP 401')
  })

  test('invisible and control characters in a handle do not reach the notification', () => {
    const sneaky = account('ali\u202ece@example.social', { apiBaseUrl: 'not a url' })
    const content = needsSignInNotification(sneaky)
    expect(content.title).toBe('Sign in again to @alice@example.social')
    expect(content.body.startsWith('example.social ')).toBe(true)
  })
})

describe('NotificationPreference (a file of its own beside the vault)', () => {
  let dir: string
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'fedivault-notify-'))))
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  test('on by default; off is kept across starts', () => {
    expect(new NotificationPreference(dir).enabled).toBe(true)
    new NotificationPreference(dir).set(false)
    expect(JSON.parse(readFileSync(join(dir, NOTIFICATIONS_FILE), 'utf8'))).toEqual({
      enabled: false
    })
    expect(new NotificationPreference(dir).enabled).toBe(false)
    new NotificationPreference(dir).set(true)
    expect(new NotificationPreference(dir).enabled).toBe(true)
  })

  test('an unreadable file reads as on', () => {
    writeFileSync(join(dir, NOTIFICATIONS_FILE), '{not json')
    expect(new NotificationPreference(dir).enabled).toBe(true)
  })
})

describe('the tray while an account needs sign-in', () => {
  test('each plain tray image has its attention variant', () => {
    expect(attentionIconFile('darwin', 'light')).toBe('trayAttentionTemplate.png')
    expect(attentionIconFile('win32', 'light')).toBe('tray-attention-on-light.png')
    expect(attentionIconFile('linux', 'dark')).toBe('tray-attention-on-dark.png')
    expect(trayIconFor('/r', 'linux', 'dark', false)).toBe('/r/tray-on-dark.png')
    expect(trayIconFor('/r', 'linux', 'dark', true)).toBe('/r/tray-attention-on-dark.png')
  })

  test('choosing an account that needs sign-in opens its sign-in instead of switching', async () => {
    const dispatched: TrayAction[] = []
    const opened: string[] = []
    let restored = 0
    const statuses: Record<string, AccountSummary['status']> = { a: 'ok', b: 'needs_reauth' }
    const handle = reauthFromTray((action) => void dispatched.push(action), {
      status: (id) => statuses[id],
      openSignIn: (id) => opened.push(id),
      restoreMenu: () => restored++
    })
    await handle({ kind: 'switch', accountId: 'b' })
    expect(opened).toEqual(['b'])
    expect(restored).toBe(1)
    expect(dispatched).toEqual([])
    await handle({ kind: 'switch', accountId: 'a' })
    await handle({ kind: 'open' })
    expect(dispatched).toEqual([{ kind: 'switch', accountId: 'a' }, { kind: 'open' }])
  })
})
