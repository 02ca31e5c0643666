import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vitest/config';

/**
 * Separate config for the Electron smoke test (test/e2e/*.spec.ts), kept out of `npm test`
 * because the Electron binary cannot be downloaded on the build machines; the spec skips itself
 * when the binary is missing. Run: `npm run test:electron`.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/e2e/**/*.spec.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 240_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
