import { baseUrl, isCredential, type ParsedImport, type SourceFile } from './candidate'
import { jsonSyntaxError } from './json-syntax'

/**
 * toot's `config.json` (toot 0.x, all versions since 0.20 write the same shape):
 *
 *   { "apps":  { "<instance>": { "instance", "base_url", "client_id", "client_secret" } },
 *     "users": { "<username>@<instance>": { "instance", "username", "access_token" } },
 *     "active_user": "<username>@<instance>" | null }
 *
 * `<instance>` is the domain toot was given (host[:port]); a user's app is `apps[user.instance]`.
 */
export function parseTootConfig(file: SourceFile): ParsedImport {
  const problems: string[] = []
  const unreadable = (reason: string): ParsedImport => ({
    candidates: [],
    problems: [],
    unreadable: [{ file: file.name, reason: `${reason}: this is not toot's config.json` }]
  })
  let json: unknown
  try {
    json = JSON.parse(file.text)
  } catch {
    const at = jsonSyntaxError(file.text)
    return unreadable(at ? `not JSON at line ${at.line} column ${at.column}` : 'not JSON')
  }
  if (!isObject(json) || !isObject(json.users)) return unreadable('no "users" object')
  const apps = isObject(json.apps) ? json.apps : {}
  const candidates: ParsedImport['candidates'] = []
  for (const [key, user] of Object.entries(json.users)) {
    const where = `"${key.slice(0, 200)}" in ${file.name}`
    if (!isObject(user) || typeof user.instance !== 'string' || user.instance === '') {
      problems.push(`The user ${where} has no instance.`)
      continue
    }
    if (!isCredential(user.access_token)) {
      problems.push(`The user ${where} has no access token.`)
      continue
    }
    const app = apps[user.instance]
    const appUrl = isObject(app) ? baseUrl(app.base_url) : undefined
    // Before toot 0.20 apps had no base_url; toot itself then assumed https.
    const apiBaseUrl = appUrl ?? baseUrl(`https://${user.instance}`)
    if (!apiBaseUrl) {
      problems.push(`The user ${where} names an instance that is not a server address.`)
      continue
    }
    candidates.push({
      origin: where,
      files: [file.name],
      apiBaseUrl,
      accessToken: user.access_token,
      app:
        isObject(app) && isCredential(app.client_id) && isCredential(app.client_secret)
          ? { clientId: app.client_id, clientSecret: app.client_secret }
          : undefined
    })
  }
  if (candidates.length === 0 && problems.length === 0) {
    problems.push(`${file.name} lists no signed-in users.`)
  }
  return { candidates, problems, unreadable: [] }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
