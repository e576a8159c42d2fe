/**
 * The fallback tile behind an account's initials: a colour picked from the handle, so two
 * accounts without pictures look different and one account looks the same everywhere. Every
 * colour carries white initials at WCAG AA (≥ 4.5:1); none is red, which the window keeps for
 * destructive actions.
 */
export const TILE_COLOURS = [
  '#3730a3', // indigo
  '#1e40af', // blue
  '#0e7490', // cyan
  '#115e59', // teal
  '#166534', // green
  '#854d0e', // amber
  '#9a3412', // orange
  '#86198f', // fuchsia
  '#5b21b6', // violet
  '#374151' // slate
] as const

export const TILE_TEXT = '#ffffff'

/** A stable index into TILE_COLOURS for a handle (FNV-1a, case-insensitive). */
export function tileColour(handle: string): string {
  let hash = 0x811c9dc5
  for (const ch of handle.toLowerCase()) {
    hash ^= ch.codePointAt(0)!
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  // FNV's low bits vary little between similar handles: mix the high bits in before the modulo.
  hash ^= hash >>> 15
  hash = Math.imul(hash, 0x2c1b3c6d) >>> 0
  hash = (hash ^ (hash >>> 12)) >>> 0
  return TILE_COLOURS[hash % TILE_COLOURS.length]!
}

/** Up to two letters: the first of the first two words, else the name's first letter. */
export function initials(name: string): string {
  const words = name
    .replace(/[:@][^\s]*/g, ' ') // shortcodes and handles are not names
    .split(/[\s._-]+/)
    .filter((w) => /\p{L}|\p{N}/u.test(w))
  const first = (w: string | undefined) => (w ? (Array.from(w)[0] ?? '') : '')
  const letters = words.length >= 2 ? first(words[0]) + first(words[1]) : first(words[0])
  return (letters || Array.from(name.trim())[0] || '?').toUpperCase()
}

/** WCAG 2 relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2)
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}
