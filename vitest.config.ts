import { defineConfig } from 'vitest/config';

// Every run writes machine-readable results next to the console output:
// test-results/vitest.json is what .ci/run counts, test-results/junit.xml is for CI systems.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', 'json', 'junit'],
    outputFile: {
      json: 'test-results/vitest.json',
      junit: 'test-results/junit.xml',
    },
  },
});
