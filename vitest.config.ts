import { defineConfig } from 'vitest/config';

// The web app's component tests never reach a database: a second run on another database
// (.ci/run's PostgreSQL run, see test/helpers/once.ts) leaves them out.
const skipDbIndependent = process.env.SKIP_DB_INDEPENDENT === '1';

export default defineConfig({
  test: {
    include: skipDbIndependent ? ['test/**/*.test.ts'] : ['test/**/*.test.ts', 'web/src/**/*.test.{ts,tsx}'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file starts its own server on its own database; two at a time fits 2 cores.
    maxWorkers: 2,
    fileParallelism: true,
    // Files share a worker's loaded modules (≈ 3 s of CPU a file, a quarter of the suite's):
    // each file starts its own server over its own database and renders into its own DOM, and
    // no test replaces a module (no vi.mock), so nothing else is shared.
    isolate: false,
    env: { NODE_ENV: 'test' },
    // The demo province, migrated and loaded once per run; startServer copies it per file.
    globalSetup: ['test/helpers/global-setup.ts'],
  },
});
