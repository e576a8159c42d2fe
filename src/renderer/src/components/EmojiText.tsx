import type { CustomEmoji } from '@shared/domain/account'
import { splitEmoji } from '../lib/emoji'

/** Plain text (a display name) with the server's custom emojis shown as images. */
export function EmojiText({ text, emojis }: { text: string; emojis: readonly CustomEmoji[] }) {
  return (
    <>
      {splitEmoji(text, emojis).map((part, i) =>
        'text' in part ? (
          part.text
        ) : (
          <img
            key={i}
            className="custom-emoji"
            src={part.emoji.url}
            alt={`:${part.emoji.shortcode}:`}
            title={`:${part.emoji.shortcode}:`}
            draggable={false}
          />
        )
      )}
    </>
  )
}
