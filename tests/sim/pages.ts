import { escapeHtml } from './http'

const page = (title: string, body: string): string => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body>
<main>
${body}
</main>
</body>
</html>
`

/**
 * The authorization page: a real form a person (or Playwright) can fill in. Inputs carry the ids
 * `username` and `password` and visible labels; the field names are the server's own.
 */
export function loginPage(options: {
  action: string
  appName: string
  scopes: string[]
  fieldNames: { username: string; password: string }
  hidden: Record<string, string>
  error?: string
}): string {
  const hidden = Object.entries(options.hidden)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('\n')
  return page(
    'Sign in',
    `<h1>Sign in to authorize ${escapeHtml(options.appName)}</h1>
<p>${escapeHtml(options.appName)} asks for: <span id="scopes">${escapeHtml(options.scopes.join(' '))}</span></p>
${options.error ? `<p class="error" role="alert">${escapeHtml(options.error)}</p>` : ''}
<form method="post" action="${escapeHtml(options.action)}">
${hidden}
<label for="username">Username or e-mail address</label>
<input id="username" name="${escapeHtml(options.fieldNames.username)}" type="text" autocomplete="username" required>
<label for="password">Password</label>
<input id="password" name="${escapeHtml(options.fieldNames.password)}" type="password" autocomplete="current-password" required>
<button type="submit">Sign in and authorize</button>
</form>`
  )
}

export function errorPage(message: string): string {
  return page(
    'Error',
    `<h1>Something went wrong</h1><p class="error" role="alert">${escapeHtml(message)}</p>`
  )
}

export function oobPage(code: string): string {
  return page(
    'Authorization code',
    `<h1>Authorization code</h1><p>Copy this code and paste it into the application.</p><code id="code">${escapeHtml(code)}</code>`
  )
}

export function homePage(title: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><p>Fresh bread daily. No API here.</p>`)
}

/** A page that never gets anywhere (Sharkey's, for a spent app registration): no form, no redirect. */
export function hangingPage(): string {
  return page('Loading', '<p id="loading">Loading…</p>')
}
