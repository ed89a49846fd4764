import { defineConfig } from 'vitest/config';

/**
 * System tests: against real destination software installed on the machine (`.ci/run` installs
 * it). Kept out of `npm test`, which must pass with nothing but Node; run by `npm run test:system`.
 */
export default defineConfig({
  test: {
    include: ['src/**/*.system-test.ts'],
    testTimeout: 30_000,
  },
});
