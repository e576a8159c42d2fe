import { useState } from 'react'
import { initials, TILE_TEXT, tileColour } from '../lib/avatar-tile'
import { isImageUrl } from '../lib/emoji'

/**
 * An account picture on a fixed light plate (pictures drawn for light backgrounds, such as a dark
 * silhouette, stay visible in the dark theme), or the name's initials on a tile whose colour comes
 * from the handle when there is no picture or it fails to load. Decorative: the name is always
 * next to it, hence the empty alt. `mark` puts a small warning sign on its corner.
 */
export function Avatar({
  src,
  name,
  seed,
  size = 48,
  mark = false
}: {
  src?: string
  name: string
  /** What picks the tile colour (the full handle); the name when absent. */
  seed?: string
  size?: number
  mark?: boolean
}) {
  const [failed, setFailed] = useState<string | null>(null)
  const usable = src && isImageUrl(src) && failed !== src
  const style = { width: size, height: size }
  return (
    <span className="avatar-frame" style={style} data-testid="avatar">
      {usable ? (
        <span className="avatar avatar-plate" style={style}>
          <img src={src} alt="" onError={() => setFailed(src)} />
        </span>
      ) : (
        <span
          className="avatar avatar-fallback"
          aria-hidden="true"
          data-testid="avatar-initials"
          style={{
            ...style,
            fontSize: size * 0.4,
            background: tileColour(seed ?? name),
            color: TILE_TEXT
          }}
        >
          {initials(name)}
        </span>
      )}
      {mark && (
        <span className="avatar-mark" aria-hidden="true">
          !
        </span>
      )}
    </span>
  )
}
