import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/worker/**', 'node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Two cores on CI: one worker per core keeps SQLite temp files and loopback servers from starving each other.
    maxWorkers: 2,
  },
});
