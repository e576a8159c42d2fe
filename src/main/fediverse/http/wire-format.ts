/** A request's form body, for application/x-www-form-urlencoded (undefined fields left out). */
export function formBody(form: Record<string, string | undefined>): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(form)) if (v !== undefined) params.append(k, v)
  return params.toString()
}

/** Axios headers (an AxiosHeaders object or a plain record) as lower-case name → string. */
export function plainHeaders(h: unknown): Record<string, string> {
  const source =
    h && typeof (h as { toJSON?: unknown }).toJSON === 'function'
      ? (h as { toJSON: () => Record<string, unknown> }).toJSON()
      : ((h ?? {}) as Record<string, unknown>)
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(source)) {
    if (v !== undefined && v !== null)
      out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v)
  }
  return out
}

/** A body that is a JSON object, or undefined (not JSON, or JSON of another shape). */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  // Every JSON object starts with "{" after optional whitespace: skip parsing pages and text.
  if (!/^\s*\{/.test(text)) return undefined
  try {
    const v: unknown = JSON.parse(text)
    return v && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}
