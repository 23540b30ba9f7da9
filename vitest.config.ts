import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'web/src/**/*.test.{ts,tsx}'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file starts its own server on its own database; two at a time fits 2 cores.
    maxWorkers: 2,
    fileParallelism: true,
    env: { NODE_ENV: 'test' },
    // The demo province, migrated and loaded once per run; startServer copies it per file.
    globalSetup: ['test/helpers/global-setup.ts'],
  },
});
