/**
 * A stand-in for the person in the browser: loads the authorization page, fills in the login form
 * it finds there and submits it, the way a browser would (cookies, hidden fields, form action).
 * Requests carry `x-sim-actor: browser` so the simulator does not count them as client traffic.
 */

interface FormInput {
  name: string
  type: string
  value: string
  id?: string
}

const attr = (tag: string, name: string): string | undefined => {
  const m = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag)
  return m ? decodeEntities(m[1]!) : undefined
}

function decodeEntities(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

function parseForm(html: string): { action?: string; inputs: FormInput[] } | undefined {
  const form = /<form\b[^>]*>([\s\S]*?)<\/form>/i.exec(html)
  if (!form) return undefined
  const openTag = /<form\b[^>]*>/i.exec(form[0])![0]
  const inputs = [...form[1]!.matchAll(/<input\b[^>]*>/gi)].map(([tag]) => ({
    name: attr(tag, 'name') ?? '',
    type: (attr(tag, 'type') ?? 'text').toLowerCase(),
    value: attr(tag, 'value') ?? '',
    id: attr(tag, 'id')
  }))
  return { action: attr(openTag, 'action'), inputs }
}

const pageError = (html: string): string =>
  decodeEntities(/<p class="error"[^>]*>([\s\S]*?)<\/p>/i.exec(html)?.[1] ?? html.slice(0, 200))

export async function approveAuthorization(
  simUrl: string,
  authorizationUrl: string,
  login: { username: string; password: string }
): Promise<{ location?: string; code?: string }> {
  if (!authorizationUrl.startsWith(`${simUrl}/`)) {
    throw new Error(`approve(): ${authorizationUrl} is not on this simulator (${simUrl})`)
  }
  const headers = { 'x-sim-actor': 'browser' }
  const page = await fetch(authorizationUrl, { redirect: 'manual', headers })
  const pageLocation = page.headers.get('location')
  if (page.status >= 300 && page.status < 400 && pageLocation) {
    return { location: new URL(pageLocation, authorizationUrl).toString() }
  }
  const html = await page.text()
  if (page.status !== 200)
    throw new Error(`authorization page: HTTP ${page.status}: ${pageError(html)}`)
  const form = parseForm(html)
  if (!form) throw new Error('authorization page has no form')
  const cookie = page.headers.get('set-cookie')?.split(';')[0]

  const fields = new URLSearchParams()
  for (const input of form.inputs) {
    if (input.id === 'username' || input.type === 'email') fields.set(input.name, login.username)
    else if (input.type === 'password') fields.set(input.name, login.password)
    else if (input.name) fields.set(input.name, input.value)
  }
  const submitted = await fetch(new URL(form.action ?? authorizationUrl, authorizationUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: {
      ...headers,
      'content-type': 'application/x-www-form-urlencoded',
      ...(cookie ? { cookie } : {})
    },
    body: fields.toString()
  })
  const location = submitted.headers.get('location')
  if (submitted.status >= 300 && submitted.status < 400 && location) {
    const target = new URL(location, authorizationUrl)
    if (target.origin === simUrl) {
      // Out-of-band: the server shows the code on a page of its own.
      const oob = await fetch(target, { headers })
      const code = /<code\b[^>]*>([^<]+)<\/code>/i.exec(await oob.text())?.[1]
      if (!code) throw new Error(`no code on the out-of-band page ${target.pathname}`)
      return { location: target.toString(), code: decodeEntities(code) }
    }
    return { location: target.toString(), code: target.searchParams.get('code') ?? undefined }
  }
  const text = await submitted.text()
  // MiAuth without a callback: the server says "you can close this window" and nothing else.
  if (submitted.status === 200 && /id="done"/.test(text)) return {}
  if (
    submitted.status === 200 &&
    (submitted.headers.get('content-type') ?? '').startsWith('text/plain')
  ) {
    return { code: text.trim() } // snac's out-of-band answer is the bare code
  }
  throw new Error(`sign-in failed: HTTP ${submitted.status}: ${pageError(text)}`)
}
