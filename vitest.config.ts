import { defineConfig } from 'vitest/config';

/**
 * Four projects: unit (pure logic, plain Node), main (the Electron glue with `electron` mocked),
 * integration (the engine against real servers on 127.0.0.1), e2e (Playwright driving Debian's
 * Chromium through the loopback bridge).
 * Run one with `vitest run --project <name>`.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/renderer/**/*.test.{ts,tsx}'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        // Electron glue (electron/main, electron/preload, lint zones) with `electron` mocked.
        test: {
          name: 'main',
          include: ['test/main/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
});
