import { describe, expect, test } from 'vitest'
import {
  contrastRatio,
  initials,
  TILE_COLOURS,
  TILE_TEXT,
  tileColour
} from '@renderer/lib/avatar-tile'
import { timeAgo } from '@renderer/lib/relative-time'
import { statusLine } from '@renderer/features/accounts/status-line'

const MIN = 60_000

describe('avatar tiles', () => {
  test('every tile colour carries white initials at WCAG AA, and none is red', () => {
    for (const colour of TILE_COLOURS) {
      expect(contrastRatio(colour, TILE_TEXT), colour).toBeGreaterThanOrEqual(4.5)
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16) / 255) as [
        number,
        number,
        number
      ]
      const max = Math.max(r, g, b)
      const span = max - Math.min(r, g, b)
      // Hue of a saturated colour: red sits within a few degrees of 0°.
      const hue =
        max === r
          ? (60 * ((g - b) / span) + 360) % 360
          : max === g
            ? 120 + 60 * ((b - r) / span)
            : 240 + 60 * ((r - g) / span)
      expect(span < 0.15 || (hue >= 12 && hue <= 340), `${colour} reads as red (${hue}°)`).toBe(
        true
      )
    }
  })

  test('the colour is stable per handle, ignores case, and spreads over the palette', () => {
    expect(tileColour('Alice@Social.example')).toBe(tileColour('alice@social.example'))
    const used = new Set(
      Array.from({ length: 200 }, (_, i) => tileColour(`user${i}@host${i % 7}.example`))
    )
    expect(used.size).toBe(TILE_COLOURS.length)
  })

  test('initials: two words give two letters; shortcodes and handles are not names', () => {
    expect(initials('Alice Liddell')).toBe('AL')
    expect(initials('alice')).toBe('A')
    expect(initials('Work :blobcat:')).toBe('W')
    expect(initials('ünïcode name')).toBe('ÜN')
    expect(initials('  ')).toBe('?')
  })
})

describe('status line', () => {
  const now = 1_800_000_000_000
  test('healthy rows say when they were checked; refused ones since when', () => {
    expect(timeAgo(now - 20_000, now)).toBe('just now')
    expect(timeAgo(now - 2 * MIN, now)).toBe('2 min ago')
    expect(timeAgo(now - 3 * 60 * MIN, now)).toBe('3 h ago')
    expect(timeAgo(now + MIN, now)).toBe('just now')
    expect(statusLine({ status: 'ok', lastVerifiedAt: now - 2 * MIN }, now)).toMatchObject({
      label: 'Signed in',
      detail: 'Checked 2 min ago',
      attention: false
    })
    expect(
      statusLine({ status: 'needs_reauth', statusChangedAt: now - 4 * MIN }, now)
    ).toMatchObject({
      icon: '⚠',
      label: 'Needs sign-in',
      detail: 'The server refused it 4 min ago',
      attention: true
    })
    // Accounts saved before the time was kept still say what happened.
    expect(statusLine({ status: 'needs_reauth' }, now).detail).toBe(
      'The server refused the sign-in'
    )
    expect(statusLine({ status: 'offline' }, now)).toMatchObject({ attention: false })
    expect(statusLine({ status: 'pending_removal' }, now)).toMatchObject({ attention: true })
  })
})
