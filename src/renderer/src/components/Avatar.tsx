import { useState } from 'react'
import { isImageUrl } from '../lib/emoji'

/**
 * An account picture, or the name's first letter when there is none or it fails to load. The
 * picture is decorative (the name is always next to it), hence the empty alt.
 */
export function Avatar({ src, name, size = 48 }: { src?: string; name: string; size?: number }) {
  const [failed, setFailed] = useState<string | null>(null)
  const usable = src && isImageUrl(src) && failed !== src
  const style = { width: size, height: size, fontSize: size * 0.45 }
  if (usable) {
    return <img className="avatar" src={src} alt="" style={style} onError={() => setFailed(src)} />
  }
  return (
    <span className="avatar avatar-fallback" aria-hidden="true" style={style}>
      {Array.from(name.trim())[0]?.toUpperCase() ?? '?'}
    </span>
  )
}
