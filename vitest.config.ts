import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Real processes and real git are slow on a loaded 2-core CI machine; this is a hang guard, not a speed check.
    testTimeout: 60_000,
  },
});
