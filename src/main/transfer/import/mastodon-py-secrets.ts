import {
  baseUrl,
  isCredential,
  type ImportCandidate,
  type ParsedImport,
  type SourceFile
} from './candidate'

/**
 * Mastodon.py's credential files, one value per line (Mastodon.py 1.5 to 2.x):
 * - client file, `Mastodon.create_app(..., to_file=)`: client_id, client_secret, api_base_url,
 *   client_name (the last two since 1.5 / 1.8);
 * - user file, `Mastodon.log_in(..., to_file=)`: access_token, api_base_url, client_id,
 *   client_secret (the URL since 1.5, the client since 1.8).
 * A user file tells them apart by its second line being a URL; a client file has it third. A user
 * file without the client lines takes its app from a client file for the same server.
 */
export function parseMastodonPySecrets(files: readonly SourceFile[]): ParsedImport {
  const problems: string[] = []
  const unreadable: ParsedImport['unreadable'] = []
  const notMastodonPy = (file: SourceFile, reason: string): void => {
    unreadable.push({
      file: file.name,
      reason: `${reason}: this is not a Mastodon.py credential file`
    })
  }
  const users: Array<{
    file: string
    token: string
    apiBaseUrl: string
    app?: ImportCandidate['app']
  }> = []
  const clients: Array<{
    file: string
    apiBaseUrl: string
    app: NonNullable<ImportCandidate['app']>
  }> = []

  for (const file of files) {
    const lines = file.text
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .map((l) => l.trim())
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
    const [first, second, third, fourth] = lines
    if (lines.length === 0) {
      notMastodonPy(file, 'empty')
    } else if (!isCredential(first)) {
      notMastodonPy(file, 'line 1 is not a token or client id')
    } else if (baseUrl(second)) {
      const app =
        isCredential(third) && isCredential(fourth)
          ? { clientId: third, clientSecret: fourth }
          : undefined
      if (third !== undefined && !app) {
        problems.push(
          `${file.name}: lines 3 and 4 should be the app's client id and secret; they were ignored.`
        )
      }
      users.push({ file: file.name, token: first, apiBaseUrl: baseUrl(second)!, app })
    } else if (isCredential(second) && baseUrl(third)) {
      clients.push({
        file: file.name,
        apiBaseUrl: baseUrl(third)!,
        app: { clientId: first, clientSecret: second }
      })
    } else if (lines.length === 1) {
      unreadable.push({
        file: file.name,
        reason:
          "only an access token, without the server's address (an old Mastodon.py wrote it): sign in to that account in Fedivault instead"
      })
    } else if (lines.length === 2 && isCredential(second)) {
      unreadable.push({
        file: file.name,
        reason: "a client id and secret without the server's address, and no signed-in user"
      })
    } else {
      notMastodonPy(file, 'no server address on line 2 or 3')
    }
  }

  const candidates: ImportCandidate[] = users.map((u) => {
    const client = u.app ? undefined : clients.find((c) => sameServer(c.apiBaseUrl, u.apiBaseUrl))
    return {
      origin: u.file,
      files: client ? [u.file, client.file] : [u.file],
      apiBaseUrl: u.apiBaseUrl,
      accessToken: u.token,
      app: u.app ?? client?.app
    }
  })
  for (const c of clients) {
    if (!users.some((u) => sameServer(u.apiBaseUrl, c.apiBaseUrl))) {
      problems.push(
        `${c.file} is an app registration for ${c.apiBaseUrl} without a signed-in user: add the user credential file (written by log_in) too.`
      )
    }
  }
  return { candidates, problems, unreadable }
}

function sameServer(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase()
}
