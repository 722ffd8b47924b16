import { defineConfig } from 'vitest/config';

/** Unit tests: next to the code, fast, no services. */
export const unitConfig = defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/*.int.test.ts', '**/node_modules/**'],
    environment: 'node',
    // Kite timestamps are IST wall-clock strings; tests must not depend on the host zone.
    env: { TZ: 'Asia/Kolkata' },
  },
});

/** Integration tests: real PostgreSQL, Redis, PGlite; started by the tests themselves. */
export const intConfig = defineConfig({
  test: {
    include: ['src/**/*.int.test.ts', 'test/**/*.int.test.ts'],
    environment: 'node',
    env: { TZ: 'Asia/Kolkata' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
