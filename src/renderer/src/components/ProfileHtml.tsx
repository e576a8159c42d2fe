import { useMemo } from 'react'
import type { CustomEmoji } from '@shared/domain/account'
import { sanitizeProfileHtml } from '../lib/sanitize'

/** Server-sent profile HTML (bio, field value), sanitised before it reaches the DOM. */
export function ProfileHtml({
  html,
  emojis,
  className,
  as: Tag = 'div'
}: {
  html: string
  emojis: readonly CustomEmoji[]
  className?: string
  as?: 'div' | 'dd' | 'span'
}) {
  const clean = useMemo(() => sanitizeProfileHtml(html, emojis), [html, emojis])
  return <Tag className={className} dangerouslySetInnerHTML={{ __html: clean }} />
}
