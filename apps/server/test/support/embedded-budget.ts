import { timeBudgetMs } from '@tix/api/testing';

/**
 * A test that starts the embedded default: PGlite boots PostgreSQL compiled to WebAssembly inside the test process,
 * runs every migration and seeds the demo data before the first request. Such a test took 45–77 s with load
 * averages of 14–17 on 2 cores (a few seconds idle), so it gets this budget rather than vitest's 30 s
 * (`it(name, embeddedServerTest, fn)`).
 */
export const embeddedServerTest = { timeout: timeBudgetMs({ units: 1, msEach: 150_000 }) };
