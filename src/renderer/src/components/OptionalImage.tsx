import { useState } from 'react'
import { isImageUrl } from '../lib/emoji'

/**
 * A decorative server picture (thumbnail, header) that disappears when it is missing or fails to
 * load, rather than showing the browser's broken-image icon.
 */
export function OptionalImage({ src, className }: { src?: string; className?: string }) {
  const [failed, setFailed] = useState<string | null>(null)
  if (!src || !isImageUrl(src) || failed === src) return null
  return <img className={className} src={src} alt="" onError={() => setFailed(src)} />
}
