/**
 * The foundation's end-to-end path through the SDK over real HTTP: sign-up → catalog → charge → balance, once on
 * the embedded default (PGlite, in-process stores) and once on PostgreSQL + Redis behind three server processes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient, isDomainError } from '@tix/sdk';
import { testServerEnv } from '@tix/api/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEnv, startServer } from '../src/index.js';
import { createSharedBackends } from './support/backends.js';
import { readMetrics } from './support/metrics.js';
import { embeddedServerTest } from './support/embedded-budget.js';
import { serverStartBudgetMs, spawnServers } from './support/spawn-server.js';

async function walkthrough(url: string) {
  const tix = createClient({ url });
  const username = `walker_${Math.random().toString(36).slice(2, 8)}`;
  const { sessionToken, userId } = await tix.auth.signUp.mutate({ username, password: 'walker-pass-1' });
  tix.setSessionToken(sessionToken);
  expect(await tix.auth.me.query()).toEqual({ userId, username, role: 'BUYER' });

  const { items } = await tix.concert.list.query();
  expect(items.length).toBeGreaterThan(0);
  const concert = items[0]!;
  expect(concert.saleOpensAt).toBeInstanceOf(Date);
  const dates = await tix.concert.dates.query({ concertId: concert.concertId });
  expect(dates[0]).toMatchObject({ seatsTotal: 50, seatsAvailable: 50 });

  expect(await tix.wallet.charge.mutate({ amount: 30_000 })).toMatchObject({ balance: 30_000 });
  expect(await tix.wallet.balance.query()).toEqual({ balance: 30_000 });

  const bad = await tix.wallet.charge.mutate({ amount: 0.5 }).catch((e: unknown) => e);
  expect(isDomainError(bad, 'VALIDATION_FAILED')).toBe(true);
  expect((bad as { data: { fields: string[]; httpStatus: number } }).data).toMatchObject({
    fields: ['amount'],
    httpStatus: 400,
  });
}

/** Three servers starting together, and the shared backends before them. */
const threeServers = { timeout: serverStartBudgetMs(3) + 30_000 };

describe('SDK walkthrough over HTTP', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('works on the embedded default (PGlite, no Redis) with demo data', embeddedServerTest, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tix-e2e-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const server = await startServer(
      parseEnv({ ...testServerEnv, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', RUN_JOBS: 'false' }),
    );
    cleanups.push(() => server.close());
    expect(server.mode).toBe('embedded');
    await walkthrough(server.url);
  });

  it('works on PostgreSQL + Redis with three server processes started together', threeServers, async () => {
    const backends = await createSharedBackends({ DEMO_DATA: 'true' });
    cleanups.push(() => backends.cleanup());
    const servers = await spawnServers(3, backends.env);
    cleanups.push(async () => {
      for (const s of servers) await s.stop();
    });
    for (const s of servers) expect((await fetch(`${s.url}/readyz`)).status).toBe(200);
    // All three seeded at once; the demo data exists exactly once.
    const concerts = await backends.database.handle.db.selectFrom('concerts').select('title').execute();
    expect(concerts).toHaveLength(5);
    await walkthrough(servers[1]!.url);
    const metrics = await readMetrics(servers[1]!.url);
    expect(metrics).toMatch(/tix_cache_requests_total\{cache="catalog",result="miss"\} \d+/);
    // SIGTERM shuts a process down cleanly.
    await servers[0]!.stop();
    expect(servers[0]!.child.exitCode).toBe(0);
  });
});
