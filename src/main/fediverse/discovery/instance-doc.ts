export interface InstanceLimits {
  maxStatusLen: number
  maxAttachments: number
  /** Bytes. */
  maxAttSize: number
  supportedMimeTypes: string[]
}

export interface InstanceFacts {
  title?: string
  description?: string
  thumbnail?: string
  version?: string
  /** The domain in the server's handles (Mastodon LOCAL_DOMAIN, GoToSocial account-domain). */
  accountDomain?: string
  limits: InstanceLimits
}

type Doc = Record<string, unknown> | undefined

const get = (doc: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
    doc
  )
const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined
const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() ? v.trim() : undefined

/** minimal-activitypub's defaults; Pleroma and Takahē got a placeholder of 10 attachments there. */
export const DEFAULT_LIMITS: InstanceLimits = {
  maxStatusLen: 500,
  maxAttachments: 4,
  maxAttSize: 10_000_000,
  supportedMimeTypes: []
}

/** Reads /api/v2/instance first and /api/v1/instance second, field by field. */
export function readInstanceDocs(v2: Doc, v1: Doc, software?: string): InstanceFacts {
  const first = <T>(...values: Array<T | undefined>): T | undefined =>
    values.find((v) => v !== undefined)
  const placeholderAttachments =
    software === 'pleroma' || software === 'akkoma' || software === 'takahe' ? 10 : 4
  const mime = first(
    get(v2, 'configuration', 'media_attachments', 'supported_mime_types'),
    get(v1, 'configuration', 'media_attachments', 'supported_mime_types')
  )
  const limits: InstanceLimits = {
    maxStatusLen:
      first(
        num(get(v2, 'configuration', 'statuses', 'max_characters')),
        num(get(v1, 'configuration', 'statuses', 'max_characters')),
        num(get(v1, 'max_toot_chars')),
        num(get(v1, 'max_characters'))
      ) ?? DEFAULT_LIMITS.maxStatusLen,
    maxAttachments:
      first(
        num(get(v2, 'configuration', 'statuses', 'max_media_attachments')),
        num(get(v1, 'configuration', 'statuses', 'max_media_attachments')),
        num(get(v1, 'max_media_attachments'))
      ) ?? placeholderAttachments,
    maxAttSize:
      first(
        num(get(v2, 'configuration', 'media_attachments', 'image_size_limit')),
        num(get(v1, 'configuration', 'media_attachments', 'image_size_limit'))
      ) ?? DEFAULT_LIMITS.maxAttSize,
    supportedMimeTypes: Array.isArray(mime)
      ? mime.filter((m): m is string => typeof m === 'string')
      : []
  }
  const thumbnail = first(text(get(v2, 'thumbnail', 'url')), text(get(v1, 'thumbnail')))
  const uri = text(get(v1, 'uri'))
  return {
    title: first(text(get(v2, 'title')), text(get(v1, 'title'))),
    description: first(
      text(get(v2, 'description')),
      text(get(v1, 'short_description')),
      text(get(v1, 'description'))
    ),
    thumbnail,
    version: first(text(get(v2, 'version')), text(get(v1, 'version'))),
    // Pleroma reports `uri` as a full URL (toot#347), others as a bare domain.
    accountDomain: first(
      text(get(v1, 'account_domain')),
      text(get(v2, 'account_domain')),
      text(get(v2, 'domain')),
      uri?.replace(/^https?:\/\//i, '').replace(/\/+$/, '')
    )?.toLowerCase(),
    limits
  }
}

/** Is this an instance document at all (and not, say, an empty JSON object from a catch-all)? */
export const isInstanceDoc = (doc: Doc): boolean =>
  !!doc &&
  (typeof doc.version === 'string' || typeof doc.uri === 'string' || typeof doc.domain === 'string')
