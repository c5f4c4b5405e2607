import { defineConfig } from 'vitest/config';

// Two tiers. `unit` (`*.unit.test.ts`) is pure code: no PostgreSQL, no Redis, so no template database either.
// `integration` is everything else, against real services. `pnpm test` runs both; `pnpm test:unit` the first.
const roots = ['packages/*/test/**', 'apps/*/test/**'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 3,
    // In CI a JSON report as well, from which .ci/run prints the one-line summary.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-artifacts/vitest-report.json' },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: roots.map((r) => `${r}/*.unit.test.ts`) },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: roots.map((r) => `${r}/*.test.ts`),
          exclude: ['**/node_modules/**', '**/*.unit.test.ts'],
          globalSetup: ['packages/api/test/support/global-setup.ts'],
        },
      },
    ],
  },
});
