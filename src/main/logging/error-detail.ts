const SECRET_PATTERNS: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[^\s"',]+/gi, '$1 [redacted]'],
  [
    /\b(access_token|refresh_token|client_secret|password|code|token|secret)=[^&\s"',]+/gi,
    '$1=[redacted]'
  ],
  [
    /"(access_token|refresh_token|client_secret|password|token|secret)"\s*:\s*"[^"]*"/gi,
    '"$1":"[redacted]"'
  ]
]

/** Text for the log: whatever a token or password looks like in it is blanked out. */
export function redactSecrets(text: string): string {
  return SECRET_PATTERNS.reduce(
    (t, [pattern, replacement]) => t.replace(pattern, replacement),
    text
  )
}

/**
 * What main logs about an unexpected error: class, message, Node's code and syscall, and where it
 * was thrown, redacted. Never request bodies or headers (engine errors carry none by design).
 */
export function errorDetail(error: unknown): Record<string, string> {
  if (!(error instanceof Error)) return { error: redactSecrets(String(error)) }
  const detail: Record<string, string> = {
    error: redactSecrets(`${error.name}: ${error.message}`)
  }
  const { code, syscall } = error as { code?: unknown; syscall?: unknown }
  if (typeof code === 'string') detail.code = code
  if (typeof syscall === 'string') detail.syscall = syscall
  const frames = error.stack?.split('\n').filter((line) => /^\s+at /.test(line))
  if (frames?.length)
    detail.at = redactSecrets(
      frames
        .slice(0, 6)
        .map((f) => f.trim())
        .join(' < ')
    )
  return detail
}
