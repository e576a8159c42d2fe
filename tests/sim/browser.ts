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
  checked: boolean
}

interface FormButton {
  name?: string
  value: string
  label: string
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

function parseForm(
  html: string
): { action?: string; inputs: FormInput[]; buttons: FormButton[] } | undefined {
  const form = /<form\b[^>]*>([\s\S]*?)<\/form>/i.exec(html)
  if (!form) return undefined
  const openTag = /<form\b[^>]*>/i.exec(form[0])![0]
  const inputs = [...form[1]!.matchAll(/<input\b[^>]*>/gi)].map(([tag]) => ({
    name: attr(tag, 'name') ?? '',
    type: (attr(tag, 'type') ?? 'text').toLowerCase(),
    value: attr(tag, 'value') ?? '',
    id: attr(tag, 'id'),
    checked: /\schecked\b/i.test(tag)
  }))
  const buttons = [...form[1]!.matchAll(/(<button\b[^>]*>)([\s\S]*?)<\/button>/gi)].map(
    ([, tag, label]) => ({
      name: attr(tag!, 'name'),
      value: attr(tag!, 'value') ?? '',
      label: decodeEntities(label!.replace(/<[^>]*>/g, '').trim())
    })
  )
  return { action: attr(openTag, 'action'), inputs, buttons }
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
  const cookies = new Map<string, string>()
  const keepCookie = (res: Response): void => {
    const pair = res.headers.get('set-cookie')?.split(';')[0]
    const eq = pair?.indexOf('=') ?? -1
    if (pair && eq > 0) cookies.set(pair.slice(0, eq), pair.slice(eq + 1))
  }
  const cookieHeader = (): Record<string, string> =>
    cookies.size ? { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}

  const page = await fetch(authorizationUrl, { redirect: 'manual', headers })
  keepCookie(page)
  const pageLocation = page.headers.get('location')
  let html: string
  let pageUrl = authorizationUrl
  if (page.status >= 300 && page.status < 400 && pageLocation) {
    const target = new URL(pageLocation, authorizationUrl)
    // Hollo sends a person who is not signed in to its own login page first.
    if (target.origin !== simUrl || !target.pathname.startsWith('/login')) {
      return { location: target.toString() }
    }
    const login = await fetch(target, { headers: { ...headers, ...cookieHeader() } })
    keepCookie(login)
    html = await login.text()
    pageUrl = target.toString()
    if (login.status !== 200)
      throw new Error(`login page: HTTP ${login.status}: ${pageError(html)}`)
  } else {
    html = await page.text()
    if (page.status !== 200)
      throw new Error(`authorization page: HTTP ${page.status}: ${pageError(html)}`)
  }

  // A login form, then (Hollo) a consent form: at most a few pages, as a person clicks through.
  for (let step = 0; step < 3; step++) {
    const form = parseForm(html)
    if (!form) throw new Error('authorization page has no form')
    const fields = new URLSearchParams()
    for (const input of form.inputs) {
      if (input.id === 'username' || input.type === 'email') fields.set(input.name, login.username)
      else if (input.type === 'password') fields.set(input.name, login.password)
      else if (input.name && (input.type !== 'radio' || input.checked)) {
        fields.set(input.name, input.value)
      }
    }
    // The person reads the buttons: "Allow" wherever it stands (Hollo puts "Deny" first).
    const approve = form.buttons.find((b) => /allow|accept|authori[sz]e/i.test(b.label))
    if (approve?.name) fields.set(approve.name, approve.value)
    const submitted = await fetch(new URL(form.action ?? pageUrl, pageUrl), {
      method: 'POST',
      redirect: 'manual',
      headers: {
        ...headers,
        // What a browser sends with a form post (Hollo refuses a post without it).
        origin: simUrl,
        'content-type': 'application/x-www-form-urlencoded',
        ...cookieHeader()
      },
      body: fields.toString()
    })
    keepCookie(submitted)
    const location = submitted.headers.get('location')
    if (submitted.status >= 300 && submitted.status < 400 && location) {
      const target = new URL(location, pageUrl)
      if (target.origin !== simUrl) {
        return { location: target.toString(), code: target.searchParams.get('code') ?? undefined }
      }
      const next = await fetch(target, { headers: { ...headers, ...cookieHeader() } })
      keepCookie(next)
      const text = await next.text()
      // Out-of-band: the server shows the code on a page of its own.
      const code = /<code\b[^>]*>([^<]+)<\/code>/i.exec(text)?.[1]
      if (code) return { location: target.toString(), code: decodeEntities(code) }
      if (!parseForm(text)) throw new Error(`no code on the out-of-band page ${target.pathname}`)
      html = text
      pageUrl = target.toString()
      continue
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
    // Hollo answers the consent form with the out-of-band code itself.
    const code = submitted.status === 200 && /<code\b[^>]*>([^<]+)<\/code>/i.exec(text)?.[1]
    if (code) return { location: pageUrl, code: decodeEntities(code) }
    throw new Error(`sign-in failed: HTTP ${submitted.status}: ${pageError(text)}`)
  }
  throw new Error('sign-in did not finish after three pages')
}
