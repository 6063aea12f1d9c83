import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // test/worker runs here too: it starts workerd (wrangler's platform proxy, wrangler dev) from Node on 127.0.0.1.
    include: ['test/**/*.test.ts'],
    exclude: ['node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Two cores on CI: one worker per core keeps SQLite temp files and loopback servers from starving each other.
    maxWorkers: 2,
  },
});
