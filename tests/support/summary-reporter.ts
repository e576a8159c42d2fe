import { writeFileSync } from 'node:fs'
import type { Reporter, TestModule } from 'vitest/node'

// Writes pass/fail counts for scripts/test.mjs, which prints the one summary line for the whole run.
export default class SummaryReporter implements Reporter {
  private readonly file = process.env.FEDIVAULT_TEST_COUNTS ?? ''

  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>): void {
    let passed = 0
    let failed = 0
    let skipped = 0
    for (const mod of modules) {
      for (const test of mod.children.allTests()) {
        const state = test.result().state
        if (state === 'passed') passed++
        else if (state === 'failed') failed++
        else skipped++
      }
      // A file that fails to load has no tests: count it as one failure so it cannot hide.
      if (mod.state() === 'failed' && [...mod.children.allTests()].length === 0) failed++
    }
    failed += errors.length
    const line = `${passed} passed, ${failed} failed, ${skipped} skipped`
    if (this.file) writeFileSync(this.file, JSON.stringify({ passed, failed, skipped }))
    else console.log(line)
  }
}
