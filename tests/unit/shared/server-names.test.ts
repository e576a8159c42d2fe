import { describe, expect, test } from 'vitest'
import { serverDisplayName, serverLabel } from '../../../src/shared/server-names'
import { isMisskeyFamily } from '../../../src/main/fediverse/misskey/family'

// One spelling per server software, as its project writes it (issue 19 part 4).

describe('server display names', () => {
  test('every family the engine knows, as its project spells it', () => {
    const names = Object.fromEntries(
      [
        'mastodon',
        'pleroma',
        'akkoma',
        'gotosocial',
        'takahe',
        'friendica',
        'pixelfed',
        'hollo',
        'snac',
        'misskey',
        'sharkey',
        'firefish',
        'iceshrimp',
        'cherrypick',
        'foundkey'
      ].map((s) => [s, serverDisplayName(s)])
    )
    expect(names).toEqual({
      mastodon: 'Mastodon',
      pleroma: 'Pleroma',
      akkoma: 'Akkoma',
      gotosocial: 'GoToSocial',
      takahe: 'Takahē',
      friendica: 'Friendica',
      pixelfed: 'Pixelfed',
      hollo: 'Hollo',
      snac: 'snac',
      misskey: 'Misskey',
      sharkey: 'Sharkey',
      firefish: 'Firefish',
      iceshrimp: 'Iceshrimp',
      cherrypick: 'CherryPick',
      foundkey: 'FoundKey'
    })
  })

  test('every Misskey-family name the engine detects has a display name', () => {
    for (const s of [
      'misskey',
      'sharkey',
      'cherrypick',
      'firefish',
      'iceshrimp',
      'foundkey',
      'calckey',
      'meisskey'
    ]) {
      expect(isMisskeyFamily(s)).toBe(true)
      expect(serverDisplayName(s), s).not.toBe(s)
    }
  })

  test('a name is looked up whatever its case; an unknown one is shown as the server sent it', () => {
    expect(serverDisplayName('GoToSocial')).toBe('GoToSocial')
    expect(serverDisplayName('TAKAHE')).toBe('Takahē')
    expect(serverDisplayName('mitra')).toBe('mitra')
    expect(serverDisplayName('Wafrn')).toBe('Wafrn')
  })

  test('the label puts the version as the server sent it after the name', () => {
    expect(serverLabel('hollo', '0.9.13')).toBe('Hollo 0.9.13')
    expect(serverLabel('takahe', '0.11.0')).toBe('Takahē 0.11.0')
    expect(serverLabel('gotosocial', 'v0.19.2')).toBe('GoToSocial v0.19.2')
    expect(serverLabel('mastodon')).toBe('Mastodon')
    expect(serverLabel('mitra', '3.0')).toBe('mitra 3.0')
    expect(serverLabel('snac', null)).toBe('snac')
  })
})
