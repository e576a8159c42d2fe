import { defineConfig } from 'vitest/config'

// Two projects: fast Node tests (services, engine, vault, endpoint, renderer state) and browser
// end-to-end tests that drive the built renderer in headless Chromium through the harness.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
          setupFiles: ['tests/support/setup-node.ts'],
          testTimeout: 20_000,
          hookTimeout: 30_000
        }
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false
        }
      }
    ]
  }
})
