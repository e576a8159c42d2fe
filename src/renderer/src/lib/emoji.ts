import type { CustomEmoji } from '@shared/domain/account'

export type TextPart = { text: string } | { emoji: CustomEmoji }

// Shortcodes as Mastodon defines them: letters, digits and underscores between colons.
const SHORTCODE = /:([a-zA-Z0-9_]+):/g

/**
 * Only http(s) and inline `data:image/` pictures are shown (the CSP's img-src allows both); any
 * other scheme leaves the `:shortcode:` as text and an avatar as its letter.
 */
export function isImageUrl(url: string): boolean {
  if (/^data:image\/(png|gif|jpeg|webp|avif);/i.test(url)) return true
  try {
    const { protocol } = new URL(url)
    return protocol === 'https:' || protocol === 'http:'
  } catch {
    return false
  }
}

/**
 * Splits text into plain runs and custom emojis. Shortcodes the server did not list are left as
 * text, so a display name with a stray colon is shown as typed.
 */
export function splitEmoji(text: string, emojis: readonly CustomEmoji[]): TextPart[] {
  if (!emojis.length || !text.includes(':')) return text ? [{ text }] : []
  const byCode = new Map(emojis.filter((e) => isImageUrl(e.url)).map((e) => [e.shortcode, e]))
  const parts: TextPart[] = []
  let last = 0
  for (const match of text.matchAll(SHORTCODE)) {
    const emoji = byCode.get(match[1]!)
    if (!emoji) continue
    if (match.index > last) parts.push({ text: text.slice(last, match.index) })
    parts.push({ emoji })
    last = match.index + match[0].length
  }
  if (last < text.length) parts.push({ text: text.slice(last) })
  return parts
}
