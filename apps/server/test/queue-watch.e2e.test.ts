/**
 * `queue.watch` over real HTTP (server-sent events) through the SDK: a waiting client sees its position fall and
 * then ACTIVE, pushed by the server's admission job, without ever polling `queue.status`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createClient,
  joinAndWaitForAdmission,
  joinQueue,
  waitForAdmission,
  type QueueView,
  type TixClient,
} from '@tix/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBuyer } from '../src/demo-data.js';
import { parseEnv, startServer, type RunningServer } from '../src/index.js';
import { testServerEnv, waitUntil } from '@tix/api/testing';
import { createSharedBackends, type SharedBackends } from './support/backends.js';
import { embeddedServerTest } from './support/embedded-budget.js';
import { readMetrics } from './support/metrics.js';

describe('queue.watch over HTTP through the SDK', () => {
  let backends: SharedBackends;
  let server: RunningServer;
  let admin: TixClient;

  beforeAll(async () => {
    backends = await createSharedBackends();
    server = await startServer(parseEnv({ ...backends.env, PORT: '0', LOG_LEVEL: 'silent' }));
    admin = createClient({ url: server.url });
    admin.setSessionToken(
      (await admin.auth.signIn.mutate({ username: 'admin', password: 'admin-pass-123' })).sessionToken,
    );
  });
  afterAll(async () => {
    await server?.close();
    await backends?.cleanup();
  });

  async function buyer(fetchImpl?: typeof fetch): Promise<TixClient> {
    const client = createClient({ url: server.url, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
    const username = `watch_${Math.random().toString(36).slice(2, 8)}`;
    const { sessionToken } = await client.auth.signUp.mutate({ username, password: 'buyer-pass-1' });
    client.setSessionToken(sessionToken);
    return client;
  }

  it('a waiting client sees its position fall, then ACTIVE, with no polling', async () => {
    const { concertId } = await admin.admin.createConcert.mutate({
      title: 'Watch Test',
      venue: 'Hall',
      saleOpensAt: new Date(Date.now() - 60_000),
      admitPerSecond: 1,
      maxActive: 100,
      performances: [{ startsAt: new Date(Date.now() + 86_400_000), seats: 10 }],
    });
    await admin.admin.configureQueue.mutate({ concertId, paused: true });
    for (let i = 0; i < 3; i++) await joinQueue(await buyer(), concertId);

    const calls: string[] = [];
    const counting: typeof fetch = (input, init) => {
      calls.push(input instanceof Request ? input.url : String(input));
      return fetch(input, init);
    };
    const watcher = await buyer(counting);
    const joined = await joinQueue(watcher, concertId);
    expect(joined).toMatchObject({ status: 'WAITING', position: 4 });
    expect(watcher.credentials.queueToken).toBe(joined.token);

    const updates: QueueView[] = [];
    // Polling would only start after a minute of silence, far beyond this test.
    const admitted = waitForAdmission(watcher, {
      onUpdate: (view) => updates.push(view),
      pollIntervalMs: 60_000,
    });
    // The stream is connected and has sent position 4 (however long connecting takes on a busy machine).
    await waitUntil('the first WAITING update', () => updates.some((u) => u.status === 'WAITING'));
    await admin.admin.configureQueue.mutate({ concertId, paused: false });
    const final = await admitted;

    expect(final).toMatchObject({ status: 'ACTIVE', concertId });
    expect(final.activeUntil).toBeInstanceOf(Date);
    const positions = updates.filter((u) => u.status === 'WAITING').map((u) => u.position!);
    expect(positions[0]).toBe(4);
    expect(new Set(positions).size).toBeGreaterThanOrEqual(3); // saw it fall step by step (1 admission per second)
    expect(positions).toEqual([...positions].sort((a, b) => b - a)); // never rose
    expect(updates.at(-1)?.status).toBe('ACTIVE');
    expect(calls.some((url) => url.includes('queue.join'))).toBe(true); // the counter does see the client's calls
    expect(calls.filter((url) => url.includes('queue.status'))).toEqual([]);
  });

  it('shows the queue gauges in /metrics', async () => {
    const metrics = await readMetrics(server.url);
    expect(metrics).toMatch(/tix_queue_waiting\{concert="[0-9a-f-]+"\} \d+/);
    expect(metrics).toMatch(/tix_queue_active\{concert="[0-9a-f-]+"\} \d+/);
    expect(metrics).toMatch(/tix_queue_admitted_total\{concert="[0-9a-f-]+"\} \d+/);
  });
});

describe('the embedded default (PGlite, in-process waiting room)', () => {
  it('lets a newcomer join a demo concert through the SDK and be admitted', embeddedServerTest, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tix-queue-'));
    const server = await startServer(
      parseEnv({ ...testServerEnv, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
    );
    try {
      const tix = createClient({ url: server.url });
      tix.setSessionToken((await tix.auth.signIn.mutate(demoBuyer)).sessionToken);
      const onSale = (await tix.concert.list.query()).items.find((c) => c.saleOpensAt <= new Date());
      expect(onSale).toBeDefined();
      const updates: QueueView[] = [];
      const admitted = await joinAndWaitForAdmission(tix, onSale!.concertId, {
        onUpdate: (v) => updates.push(v),
      });
      expect(admitted).toMatchObject({ status: 'ACTIVE', concertId: onSale!.concertId });
      expect(tix.credentials.queueToken).toMatch(new RegExp(`^${onSale!.concertId}\\.`));
      expect(await tix.queue.leave.mutate()).toEqual({ status: 'EXPIRED' });
    } finally {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
