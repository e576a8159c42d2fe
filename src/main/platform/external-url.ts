/**
 * Which URLs may be handed to the system browser: http and https only. Anything else (file:,
 * javascript:, custom schemes that launch other apps, smb: that leaks NTLM hashes) is refused.
 */
export function isSafeExternalUrl(raw: string): boolean {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return false
  }
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.length > 0
}

/** Where the window may navigate itself: only back to the page it was loaded from. */
export function isAppUrl(raw: string, appOrigins: readonly string[]): boolean {
  try {
    const url = new URL(raw)
    const origin = url.protocol === 'file:' ? 'file://' : url.origin
    return appOrigins.includes(origin)
  } catch {
    return false
  }
}
