import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

// The renderer's import aliases (electron.vite.config.ts), for tests that import renderer modules.
const alias = {
  '@renderer': resolve(import.meta.dirname, 'src/renderer/src'),
  '@shared': resolve(import.meta.dirname, 'src/shared')
}

// Three projects: unit tests of one module each in Node (tests/unit mirrors src/: services,
// engine, vault, endpoint, renderer state), integration tests in Node that wire several modules
// through the composition root or run the built shell (tests/integration), and browser end-to-end
// tests that drive the built renderer in headless Chromium through the harness.
const node = {
  environment: 'node' as const,
  setupFiles: ['tests/support/setup-node.ts'],
  testTimeout: 20_000,
  hookTimeout: 30_000
}

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          ...node
        }
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          ...node
        }
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // The UI updates optimistically before its IPC call is recorded, and a loaded 2-core
          // machine can take seconds to catch up: polls wait for a state, not for a deadline.
          expect: { poll: { timeout: 30_000 } },
          fileParallelism: false
        }
      }
    ]
  }
})
