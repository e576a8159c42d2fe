import { describe, expect, it } from 'vitest'
import { jsonSyntaxError } from '../../../src/main/transfer/import/json-syntax'

// Where a broken file stops being JSON, as the import report names it (issue 19).

describe('jsonSyntaxError', () => {
  it('is undefined for JSON, whatever it holds', () => {
    for (const text of [
      '{}',
      ' [ ] ',
      '{"apps": {"x": {"a": [1, -2.5e+3, true, false, null]}}, "users": {}}',
      '"\\u00e9\\n"',
      '0',
      '[[[[]]]]',
      '{"a":{"b":[{"c":{}}, []]}}',
      '['.repeat(100_000) + ']'.repeat(100_000)
    ]) {
      expect(jsonSyntaxError(text), text.slice(0, 40)).toBeUndefined()
      expect(() => JSON.parse(text)).not.toThrow()
    }
  })

  it('names line and column from 1; one past the end when the text stops early', () => {
    expect(jsonSyntaxError('{"apps": {"x": ')).toEqual({ line: 1, column: 16 })
    expect(jsonSyntaxError('{\n  "apps": {},\n  "users" {}\n}')).toEqual({ line: 3, column: 11 })
    expect(jsonSyntaxError('{"a": 1,}')).toEqual({ line: 1, column: 9 })
    expect(jsonSyntaxError('[1 2]')).toEqual({ line: 1, column: 4 })
    expect(jsonSyntaxError('{"a": tru}')).toEqual({ line: 1, column: 10 })
    expect(jsonSyntaxError("{'a': 1}")).toEqual({ line: 1, column: 2 })
    expect(jsonSyntaxError('{} x')).toEqual({ line: 1, column: 4 })
    expect(jsonSyntaxError('')).toEqual({ line: 1, column: 1 })
    expect(jsonSyntaxError('"a\tb"')).toEqual({ line: 1, column: 3 })
    expect(jsonSyntaxError('[01]')).toEqual({ line: 1, column: 3 })
    expect(jsonSyntaxError('['.repeat(100_000))).toEqual({ line: 1, column: 100_001 })
  })
})
