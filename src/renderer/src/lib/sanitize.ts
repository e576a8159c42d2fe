import DOMPurify from 'dompurify'
import type { CustomEmoji } from '@shared/domain/account'
import { splitEmoji } from './emoji'

/**
 * Profile HTML (bio, field values) comes from a server we do not control. It is cleaned with
 * DOMPurify down to the markup Mastodon-API servers actually send, links are made to open in the
 * system browser, and `:shortcode:` emojis become images. Returns an HTML string safe to insert.
 */

const ALLOWED_TAGS = [
  'p',
  'br',
  'a',
  'span',
  'em',
  'strong',
  'b',
  'i',
  'u',
  'del',
  's',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li'
]
const ALLOWED_ATTR = ['href', 'class', 'title', 'lang', 'translate']

// Server class names that carry meaning for us (link shortening, mentions); any other class is
// dropped so that server HTML cannot borrow the app's own styles.
const ALLOWED_CLASSES = new Set(['invisible', 'ellipsis', 'mention', 'hashtag', 'h-card', 'u-url'])

const purify = DOMPurify()
let hooked = false

function installHooks() {
  if (hooked) return
  hooked = true
  purify.addHook('uponSanitizeAttribute', (_node, data) => {
    if (data.attrName === 'class') {
      data.attrValue = data.attrValue
        .split(/\s+/)
        .filter((c) => ALLOWED_CLASSES.has(c))
        .join(' ')
      if (!data.attrValue) data.keepAttr = false
    }
  })
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      node.setAttribute('target', '_blank')
      node.setAttribute('rel', 'noopener noreferrer nofollow')
    }
  })
}

export function sanitizeProfileHtml(html: string, emojis: readonly CustomEmoji[] = []): string {
  installHooks()
  const fragment = purify.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOWED_URI_REGEXP: /^https?:/i,
    RETURN_DOM_FRAGMENT: true
  })
  if (emojis.length) replaceEmojiText(fragment, emojis)
  const holder = document.createElement('div')
  holder.append(fragment)
  return holder.innerHTML
}

function replaceEmojiText(root: DocumentFragment, emojis: readonly CustomEmoji[]) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
  const texts: Text[] = []
  for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n as Text)
  for (const text of texts) {
    const parts = splitEmoji(text.data, emojis)
    if (parts.length === 1 && 'text' in parts[0]!) continue
    const nodes = parts.map((part) => {
      if ('text' in part) return document.createTextNode(part.text)
      const img = document.createElement('img')
      img.src = part.emoji.url
      img.alt = `:${part.emoji.shortcode}:`
      img.title = `:${part.emoji.shortcode}:`
      img.className = 'custom-emoji'
      img.setAttribute('draggable', 'false')
      return img
    })
    text.replaceWith(...nodes)
  }
}
