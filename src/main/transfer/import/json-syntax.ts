/**
 * Where a text stops being JSON (RFC 8259), as a person counts: line and column from 1, the
 * column of the first character that cannot be there (one past the end when the text ends too
 * early). Undefined when the text is JSON. `JSON.parse` is not asked: Node 20 says only
 * "Unexpected end of JSON input" for a truncated file, with no position at all.
 */
export function jsonSyntaxError(text: string): { line: number; column: number } | undefined {
  const offset = firstErrorOffset(text)
  if (offset === undefined) return undefined
  const before = text.slice(0, offset)
  const lineStart = before.lastIndexOf('\n') + 1
  return { line: before.split('\n').length, column: offset - lineStart + 1 }
}

class Stop {
  constructor(readonly at: number) {}
}

function firstErrorOffset(text: string): number | undefined {
  let i = 0
  const fail = (): never => {
    throw new Stop(i)
  }
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++
  }
  const expect = (c: string): void => {
    if (text[i] !== c) fail()
    i++
  }
  const digits = (): void => {
    if (!/[0-9]/.test(text[i] ?? '')) fail()
    while (/[0-9]/.test(text[i] ?? '')) i++
  }
  const string = (): void => {
    expect('"')
    for (;;) {
      if (i >= text.length) fail()
      const c = text.charCodeAt(i)
      if (c === 0x22) return void i++
      if (c < 0x20) fail()
      if (c !== 0x5c) {
        i++
        continue
      }
      i++
      if ('"\\/bfnrt'.includes(text[i] ?? '\0')) i++
      else if (text[i] === 'u') {
        i++
        for (let k = 0; k < 4; k++) {
          if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail()
          i++
        }
      } else fail()
    }
  }
  const number = (): void => {
    if (text[i] === '-') i++
    if (text[i] === '0') i++
    else digits()
    if (text[i] === '.') {
      i++
      digits()
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++
      if (text[i] === '+' || text[i] === '-') i++
      digits()
    }
  }
  const literal = (word: string): void => {
    for (const c of word) expect(c)
  }
  // A stack instead of recursion: a megabyte of "[" must not overflow the call stack.
  const closers: string[] = []
  const scalar = (): void => {
    const c = text[i]
    if (c === '"') return string()
    if (c === 't') return literal('true')
    if (c === 'f') return literal('false')
    if (c === 'n') return literal('null')
    if (c === '-' || /[0-9]/.test(c ?? '')) return number()
    fail()
  }
  /** One value: opens a container (its first member comes next), or reads a scalar. */
  const open = (): boolean => {
    ws()
    if (text[i] === '{' || text[i] === '[') {
      closers.push(text[i] === '{' ? '}' : ']')
      i++
      ws()
      if (text[i] === closers[closers.length - 1]) {
        closers.pop()
        i++
        return false
      }
      if (closers[closers.length - 1] === '}') member()
      return true
    }
    scalar()
    return false
  }
  const member = (): void => {
    string()
    ws()
    expect(':')
  }
  const value = (): void => {
    open()
    while (closers.length > 0) {
      if (open()) continue
      // A member or element ended: a comma and the next one, or the container closes.
      for (;;) {
        ws()
        const closer = closers[closers.length - 1]!
        if (text[i] === ',') {
          i++
          if (closer === '}') {
            ws()
            member()
          }
          break
        }
        expect(closer)
        closers.pop()
        if (closers.length === 0) return
      }
    }
  }
  try {
    value()
    ws()
    if (i < text.length) fail()
    return undefined
  } catch (stop) {
    if (stop instanceof Stop) return stop.at
    throw stop
  }
}
