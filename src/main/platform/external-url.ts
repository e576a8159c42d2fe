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
