// The Desktop Entry Specification's rules for the `Exec` key, both ways. Two layers: an argument
// with a reserved character is double-quoted (inside, `"`, `` ` ``, `$` and `\` take a backslash);
// `%` is written `%%` (a lone one starts a field code); then the whole value gets the general
// string escapes (`\\`, `\n`, `\t`, `\r`). So a literal backslash in a quoted argument is four.

const RESERVED = /[\s"'\\><~|&;$*?#()`]/

function quoteArgument(arg: string): string {
  const quoted = arg === '' || RESERVED.test(arg) ? `"${arg.replace(/["`$\\]/g, '\\$&')}"` : arg
  return quoted.replaceAll('%', '%%')
}

/** A string value as the file stores it. */
export function escapeValue(value: string): string {
  return value
    .replaceAll('\\', '\\\\')
    .replaceAll('\n', '\\n')
    .replaceAll('\t', '\\t')
    .replaceAll('\r', '\\r')
}

export function unescapeValue(value: string): string {
  return value.replace(/\\([\\snrt])/g, (_m, c: string) =>
    c === 's' ? ' ' : c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : '\\'
  )
}

/** The `Exec` value (as written in the file) that runs `argv[0]` with the other arguments. */
export function execLine(argv: readonly string[]): string {
  return escapeValue(argv.map(quoteArgument).join(' '))
}

/** The arguments an `Exec` value (as written in the file) runs; field codes are dropped. */
export function parseExecLine(value: string): string[] {
  const line = unescapeValue(value)
  const args: string[] = []
  let current: string | null = null
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!
    if (quoted) {
      if (c === '\\' && i + 1 < line.length) current += line[++i]!
      else if (c === '"') quoted = false
      else current += c
    } else if (c === '"') {
      quoted = true
      current ??= ''
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (current !== null) args.push(current)
      current = null
    } else if (c === '%') {
      const next = line[++i]
      if (next === '%') current = (current ?? '') + '%'
    } else current = (current ?? '') + c
  }
  if (current !== null) args.push(current)
  return args
}

/** The `[Desktop Entry]` group's keys (later groups, comments and locale variants are ignored). */
export function parseDesktopEntry(text: string): Record<string, string> {
  const keys: Record<string, string> = {}
  let inGroup = false
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    if (line.startsWith('[')) {
      inGroup = line === '[Desktop Entry]'
      continue
    }
    const eq = line.indexOf('=')
    if (!inGroup || eq < 0) continue
    keys[line.slice(0, eq).trim()] = line.slice(eq + 1).trim()
  }
  return keys
}
