import { defineConfig } from 'vitest/config';

/** `npm run test:crash`: kill tests with real processes, too long for `npm test` (see README, Daily digests). */
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/crash/*.crash.ts'],
    testTimeout: 900_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
