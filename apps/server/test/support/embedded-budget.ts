import { timeBudgetMs } from '@tix/api/testing';

/**
 * A test that starts the embedded default: PGlite boots PostgreSQL compiled to WebAssembly inside the test process,
 * runs every migration and seeds the demo data before the first request. That took 45–55 s with a load average of
 * 17 on 2 cores (a few seconds idle), so such a test gets this budget rather than vitest's 30 s.
 */
export const embeddedServerTestMs = timeBudgetMs({ units: 1, msEach: 150_000 });
