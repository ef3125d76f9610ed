import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['solver/test/**/*.test.ts', 'server/**/*.test.ts', 'client/test/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
