import { expect, test } from 'vitest'
test('runner works', () => {
  expect(1 + 1).toBe(2)
})
