import { describe, expect, test } from 'vitest'
import { summaryText } from '@renderer/features/transfer/RestoreReportView'

describe('restore summary', () => {
  test('accounts already here are not a failure, and say so', () => {
    expect(summaryText(0, 0, 3)).toBe('Nothing to restore: all 3 accounts are already here.')
    expect(summaryText(0, 0, 1)).toBe('Nothing to restore: the account is already here.')
    expect(summaryText(2, 0, 3)).toBe('Restored 2 of 3 accounts; 1 was already here.')
    expect(summaryText(1, 1, 2)).toBe('Restored 1 of 2 accounts; 1 could not be restored.')
    expect(summaryText(0, 2, 2)).toBe('Restored 0 of 2 accounts; 2 could not be restored.')
    expect(summaryText(3, 0, 3)).toBe('Restored 3 of 3 accounts.')
  })
})
